using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TaskQueue.Data;
using TaskQueue.Data.PostgreSql;

namespace TaskQueue.Data.Migrations.PostgreSql;

// Lets `dotnet ef migrations add NAME --project TaskQueue.Data.Migrations.PostgreSql` build
// the model for PostgreSQL; adding a migration needs no server.
public sealed class DesignTimeTasksDbContextFactory : IDesignTimeDbContextFactory<TasksDbContext>
{
    public TasksDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TasksDbContext>().UseTasksPostgreSql("Host=localhost;Database=tasksdb").Options);
}
