using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <summary>
    /// Seals the records in the audit trail: each audit row gains the record's key and the hash of its new state, and
    /// the keyed seal (HMAC-SHA256 under the facility key). Existing rows keep a null seal: they are legacy rows,
    /// verified with their unkeyed SHA-256; when Stroma first opens the database it appends a keyed "seal" row linked
    /// to the last legacy row and a keyed "baseline" row per existing record (AuditService.SealLegacyAsync). Users
    /// gain a Disabled flag (disabled, never deleted).
    /// </summary>
    public partial class AuditRecordSeal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RecordHash",
                table: "AuditEntries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordId",
                table: "AuditEntries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "AuditEntries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Disabled",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordHash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "RecordId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Disabled",
                table: "AspNetUsers");
        }
    }
}
