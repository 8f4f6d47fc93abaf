using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskQueue.Data.Migrations.PostgreSql.Migrations
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ScheduleId",
                table: "Tasks",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Schedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Cron = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TaskType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TaskName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TaskInput = table.Column<string>(type: "text", nullable: false),
                    TaskMaxAttempts = table.Column<int>(type: "integer", nullable: false),
                    TaskTimeoutSeconds = table.Column<int>(type: "integer", nullable: false),
                    TaskPriority = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OwnerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Paused = table.Column<bool>(type: "boolean", nullable: false),
                    MissedRuns = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NextRunAt = table.Column<long>(type: "bigint", nullable: true),
                    LastRunAt = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
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
