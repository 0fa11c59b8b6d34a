using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GmpRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CorrectionReason",
                table: "TestResults",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "TestResults",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "Specification",
                table: "TestResults",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovalReason",
                table: "Specifications",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedBy",
                table: "Specifications",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovedUtc",
                table: "Specifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DraftedBy",
                table: "Specifications",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Specifications",
                type: "text",
                nullable: false,
                defaultValue: "draft");

            migrationBuilder.AddColumn<string>(
                name: "Specification",
                table: "Signatures",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Deviations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LotId = table.Column<int>(type: "integer", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Impact = table.Column<string>(type: "text", nullable: false),
                    Capa = table.Column<string>(type: "text", nullable: true),
                    OpenedBy = table.Column<string>(type: "text", nullable: false),
                    OpenedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Conclusion = table.Column<string>(type: "text", nullable: true),
                    ClosedBy = table.Column<string>(type: "text", nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SignatureSha256 = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deviations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Deviations_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IdentityPanels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "text", nullable: false),
                    PanelVersion = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    ContentSha256 = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    DraftedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ApprovedBy = table.Column<string>(type: "text", nullable: true),
                    ApprovedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ApprovalReason = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentityPanels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OosInvestigations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReleaseId = table.Column<int>(type: "integer", nullable: false),
                    TestResultId = table.Column<int>(type: "integer", nullable: false),
                    Test = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Observed = table.Column<string>(type: "text", nullable: false),
                    Criterion = table.Column<string>(type: "text", nullable: false),
                    Specification = table.Column<string>(type: "text", nullable: false),
                    OpenedBy = table.Column<string>(type: "text", nullable: false),
                    OpenedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    AssignableCause = table.Column<string>(type: "text", nullable: true),
                    Conclusion = table.Column<string>(type: "text", nullable: true),
                    ClosedBy = table.Column<string>(type: "text", nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedMeaning = table.Column<string>(type: "text", nullable: true),
                    SignatureSha256 = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OosInvestigations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OosInvestigations_Releases_ReleaseId",
                        column: x => x.ReleaseId,
                        principalTable: "Releases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OosInvestigations_TestResults_TestResultId",
                        column: x => x.TestResultId,
                        principalTable: "TestResults",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deviations_LotId_Status",
                table: "Deviations",
                columns: new[] { "LotId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_IdentityPanels_Code_PanelVersion",
                table: "IdentityPanels",
                columns: new[] { "Code", "PanelVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OosInvestigations_ReleaseId",
                table: "OosInvestigations",
                column: "ReleaseId");

            migrationBuilder.CreateIndex(
                name: "IX_OosInvestigations_Status",
                table: "OosInvestigations",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_OosInvestigations_TestResultId",
                table: "OosInvestigations",
                column: "TestResultId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Deviations");

            migrationBuilder.DropTable(
                name: "IdentityPanels");

            migrationBuilder.DropTable(
                name: "OosInvestigations");

            migrationBuilder.DropColumn(
                name: "CorrectionReason",
                table: "TestResults");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "TestResults");

            migrationBuilder.DropColumn(
                name: "Specification",
                table: "TestResults");

            migrationBuilder.DropColumn(
                name: "ApprovalReason",
                table: "Specifications");

            migrationBuilder.DropColumn(
                name: "ApprovedBy",
                table: "Specifications");

            migrationBuilder.DropColumn(
                name: "ApprovedUtc",
                table: "Specifications");

            migrationBuilder.DropColumn(
                name: "DraftedBy",
                table: "Specifications");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Specifications");

            migrationBuilder.DropColumn(
                name: "Specification",
                table: "Signatures");
        }
    }
}
