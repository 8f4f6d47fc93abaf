using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskQueue.Data.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_BatchId",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_FinishedAt_Status",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_ScheduleId_OccurrenceAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_Status_RunAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_WorkflowId",
                table: "Tasks");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_BatchId",
                table: "Tasks",
                column: "BatchId",
                filter: "\"BatchId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_DueScheduled",
                table: "Tasks",
                columns: new[] { "Status", "RunAt" },
                filter: "\"Status\" = 'Scheduled'");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_FinishedAt_Status",
                table: "Tasks",
                columns: new[] { "FinishedAt", "Status" },
                filter: "\"FinishedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ScheduleId_OccurrenceAt",
                table: "Tasks",
                columns: new[] { "ScheduleId", "OccurrenceAt" },
                unique: true,
                filter: "\"ScheduleId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WorkflowId",
                table: "Tasks",
                column: "WorkflowId",
                filter: "\"WorkflowId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_BatchId",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_DueScheduled",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_FinishedAt_Status",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_ScheduleId_OccurrenceAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_WorkflowId",
                table: "Tasks");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_BatchId",
                table: "Tasks",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_FinishedAt_Status",
                table: "Tasks",
                columns: new[] { "FinishedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ScheduleId_OccurrenceAt",
                table: "Tasks",
                columns: new[] { "ScheduleId", "OccurrenceAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status_RunAt",
                table: "Tasks",
                columns: new[] { "Status", "RunAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WorkflowId",
                table: "Tasks",
                column: "WorkflowId");
        }
    }
}
