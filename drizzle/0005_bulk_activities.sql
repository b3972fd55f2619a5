ALTER TABLE "activities" DROP CONSTRAINT "activities_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "activities" DROP CONSTRAINT "activities_org_id_owner_id_people_org_id_id_fk";
--> statement-breakpoint
DROP INDEX "activities_owner_time_idx";--> statement-breakpoint
-- Activities have no foreign key to orgs any more (a per-row trigger on every bulk load); deleting an
-- organisation still deletes them, through this once-per-deleted-org trigger.
CREATE FUNCTION "delete_org_activities"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "activities" WHERE "org_id" = OLD."id";
	RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER "orgs_delete_activities" AFTER DELETE ON "orgs" FOR EACH ROW EXECUTE FUNCTION "delete_org_activities"();
--> statement-breakpoint
-- Imports now stage rows in temporary tables of their own session (gone with it, even after kill -9).
DROP TABLE "import_stage_opportunities";
--> statement-breakpoint
DROP TABLE "import_stage_history";
--> statement-breakpoint
DROP TABLE "import_stage_activities";
