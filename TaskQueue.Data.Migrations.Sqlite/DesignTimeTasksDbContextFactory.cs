using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TaskQueue.Data;
using TaskQueue.Data.Sqlite;

namespace TaskQueue.Data.Migrations.Sqlite;

// Lets `dotnet ef migrations add NAME --project TaskQueue.Data.Migrations.Sqlite` build the
// model for SQLite without starting a service.
public sealed class DesignTimeTasksDbContextFactory : IDesignTimeDbContextFactory<TasksDbContext>
{
    public TasksDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TasksDbContext>().UseTasksSqlite("Data Source=design-time.db").Options);
}
