using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TaskQueue.Data;

// Lets `dotnet ef migrations add` build the model without starting a service.
public sealed class DesignTimeTasksDbContextFactory : IDesignTimeDbContextFactory<TasksDbContext>
{
    public TasksDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TasksDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
