using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskQueue.Data.Migrations
{
    /// <inheritdoc />
    public partial class Schedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "OccurrenceAt",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ScheduleId",
                table: "Tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Schedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TaskName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TaskInput = table.Column<string>(type: "TEXT", nullable: false),
                    TaskMaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskTimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskPriority = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Paused = table.Column<bool>(type: "INTEGER", nullable: false),
                    MissedRuns = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NextRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Schedules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ScheduleId_OccurrenceAt",
                table: "Tasks",
                columns: new[] { "ScheduleId", "OccurrenceAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Schedules_NextRunAt",
                table: "Schedules",
                column: "NextRunAt");

            migrationBuilder.CreateIndex(
                name: "IX_Schedules_OwnerId_CreatedAt",
                table: "Schedules",
                columns: new[] { "OwnerId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Schedules");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_ScheduleId_OccurrenceAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "OccurrenceAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "ScheduleId",
                table: "Tasks");
        }
    }
}
