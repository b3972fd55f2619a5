ALTER TABLE "activities" DROP CONSTRAINT "activities_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_org_id_owner_id_people_org_id_id_fk";
--> statement-breakpoint
ALTER TABLE "activity_week_rollup" DROP CONSTRAINT "activity_week_rollup_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_org_id_owner_id_people_org_id_id_fk";
--> statement-breakpoint
ALTER TABLE "opportunity_week_rollup" DROP CONSTRAINT "opportunity_week_rollup_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "stage_history" DROP CONSTRAINT "stage_history_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "stage_history" DROP CONSTRAINT "stage_history_org_id_opportunity_id_opportunities_org_id_crm_id_fk";
--> statement-breakpoint
ALTER TABLE "stage_week_rollup" DROP CONSTRAINT "stage_week_rollup_org_id_orgs_id_fk";
--> statement-breakpoint
DROP INDEX "activities_owner_time_idx";--> statement-breakpoint
-- The bulk-loaded CRM tables have no foreign keys any more (a per-row trigger on every row loaded,
-- which doubled the cost of an import); deleting an organisation still deletes their rows, through
-- this once-per-deleted-organisation trigger.
CREATE FUNCTION "delete_org_crm_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "activity_week_rollup" WHERE "org_id" = OLD."id";
	DELETE FROM "opportunity_week_rollup" WHERE "org_id" = OLD."id";
	DELETE FROM "stage_week_rollup" WHERE "org_id" = OLD."id";
	DELETE FROM "activities" WHERE "org_id" = OLD."id";
	DELETE FROM "stage_history" WHERE "org_id" = OLD."id";
	DELETE FROM "opportunities" WHERE "org_id" = OLD."id";
	RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER "orgs_delete_crm_rows" AFTER DELETE ON "orgs" FOR EACH ROW EXECUTE FUNCTION "delete_org_crm_rows"();
--> statement-breakpoint
-- Imports stage rows in temporary tables of their own session (gone with it, even after kill -9).
DROP TABLE "import_stage_opportunities";
--> statement-breakpoint
DROP TABLE "import_stage_history";
--> statement-breakpoint
DROP TABLE "import_stage_activities";
