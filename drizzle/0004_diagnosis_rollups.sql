CREATE TYPE "public"."deal_outcome" AS ENUM('open', 'won', 'lost');--> statement-breakpoint
CREATE TABLE "opportunity_week_rollup" (
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"week" date NOT NULL,
	"closed_week" date NOT NULL,
	"outcome" "deal_outcome" NOT NULL,
	"count" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"cycle_days" integer NOT NULL,
	"senior_reached" integer NOT NULL,
	CONSTRAINT "opportunity_week_rollup_org_id_owner_id_week_closed_week_outcome_pk" PRIMARY KEY("org_id","owner_id","week","closed_week","outcome")
);
--> statement-breakpoint
-- The stage rollup gains the resolution week; its rows are rebuilt from the raw tables at start-up
-- (see rebuildRollups in the CRM feature), so the old rows are dropped rather than converted.
DELETE FROM "stage_week_rollup";--> statement-breakpoint
ALTER TABLE "stage_week_rollup" DROP CONSTRAINT "stage_week_rollup_org_id_owner_id_stage_week_pk";--> statement-breakpoint
ALTER TABLE "stage_week_rollup" ADD COLUMN "resolved_week" date NOT NULL;--> statement-breakpoint
ALTER TABLE "stage_week_rollup" ADD COLUMN "days_advanced" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "stage_week_rollup" DROP COLUMN "open";--> statement-breakpoint
ALTER TABLE "stage_week_rollup" ADD CONSTRAINT "stage_week_rollup_org_id_owner_id_stage_week_resolved_week_pk" PRIMARY KEY("org_id","owner_id","stage","week","resolved_week");--> statement-breakpoint
ALTER TABLE "opportunity_week_rollup" ADD CONSTRAINT "opportunity_week_rollup_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_senior_opportunity_idx" ON "activities" USING btree ("org_id","opportunity_id") WHERE "activities"."contact_level" in ('c_level', 'vp') and "activities"."opportunity_id" is not null;
