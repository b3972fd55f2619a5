CREATE TABLE "crm_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"pipeline" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crm_settings" ADD CONSTRAINT "crm_settings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_stages" ADD COLUMN "pipeline" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "funnel_stages" DROP CONSTRAINT "funnel_stages_org_position";--> statement-breakpoint
ALTER TABLE "funnel_stages" DROP CONSTRAINT "funnel_stages_org_id_name_pk";--> statement-breakpoint
ALTER TABLE "funnel_stages" ADD CONSTRAINT "funnel_stages_org_id_pipeline_name_pk" PRIMARY KEY("org_id","pipeline","name");--> statement-breakpoint
ALTER TABLE "funnel_stages" ADD CONSTRAINT "funnel_stages_org_pipeline_position" UNIQUE("org_id","pipeline","position");--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_pipeline_named" CHECK ("opportunities"."pipeline" <> '');--> statement-breakpoint
-- An organisation whose deals all came from one named pipeline (a HubSpot import before funnels were
-- kept per pipeline): its funnel is that pipeline's, and the diagnosis reads it.
WITH "held" AS (
	SELECT "org_id", min("pipeline") AS "pipeline" FROM "opportunities"
	GROUP BY "org_id" HAVING count(DISTINCT "pipeline") = 1 AND count(*) = count("pipeline")
), "settings" AS (
	INSERT INTO "crm_settings" ("org_id", "pipeline")
	SELECT "org_id", "pipeline" FROM "held" WHERE EXISTS (SELECT 1 FROM "orgs" WHERE "orgs"."id" = "held"."org_id")
	RETURNING "org_id", "pipeline"
)
UPDATE "funnel_stages" f SET "pipeline" = s."pipeline" FROM "settings" s WHERE f."org_id" = s."org_id";
