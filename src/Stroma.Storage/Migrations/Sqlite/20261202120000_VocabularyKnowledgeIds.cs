using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
{
    /// <summary>Stored vocabulary tokens become the knowledge base's ids (data only; the schema is unchanged).</summary>
    public partial class VocabularyKnowledgeIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => VocabularyTokens.Migrate(migrationBuilder, up: true);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => VocabularyTokens.Migrate(migrationBuilder, up: false);
    }
}
