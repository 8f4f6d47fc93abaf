using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskQueue.Data.Migrations
{
    /// <inheritdoc />
    public partial class FinishedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tasks_FinishedAt_Status",
                table: "Tasks",
                columns: new[] { "FinishedAt", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_FinishedAt_Status",
                table: "Tasks");
        }
    }
}
