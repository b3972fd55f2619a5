CREATE TYPE "public"."import_kind" AS ENUM('people', 'opportunities', 'stage_history', 'activities');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."stage_kind" AS ENUM('open', 'won', 'lost');--> statement-breakpoint
CREATE TABLE "activities" (
	"org_id" uuid NOT NULL,
	"crm_id" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"opportunity_id" text,
	"contact_level" text,
	CONSTRAINT "activities_org_id_crm_id_pk" PRIMARY KEY("org_id","crm_id")
);
--> statement-breakpoint
CREATE TABLE "activity_week_rollup" (
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"type" text NOT NULL,
	"week" date NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "activity_week_rollup_org_id_owner_id_type_week_pk" PRIMARY KEY("org_id","owner_id","type","week")
);
--> statement-breakpoint
CREATE TABLE "funnel_stages" (
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"kind" "stage_kind" NOT NULL,
	CONSTRAINT "funnel_stages_org_id_name_pk" PRIMARY KEY("org_id","name"),
	CONSTRAINT "funnel_stages_org_position" UNIQUE("org_id","position")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" "import_kind" NOT NULL,
	"file_name" text NOT NULL,
	"status" "import_status" NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"rejects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_jobs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"org_id" uuid NOT NULL,
	"crm_id" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"account" text NOT NULL,
	"name" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"stage" text NOT NULL,
	"closed_at" timestamp with time zone,
	"won" boolean,
	CONSTRAINT "opportunities_org_id_crm_id_pk" PRIMARY KEY("org_id","crm_id"),
	CONSTRAINT "opportunities_amount_nonnegative" CHECK ("opportunities"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stage_history" (
	"org_id" uuid NOT NULL,
	"opportunity_id" text NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stage_history_org_id_opportunity_id_stage_entered_at_pk" PRIMARY KEY("org_id","opportunity_id","stage","entered_at")
);
--> statement-breakpoint
CREATE TABLE "stage_week_rollup" (
	"org_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"week" date NOT NULL,
	"entered" integer NOT NULL,
	"advanced" integer NOT NULL,
	"lost" integer NOT NULL,
	"open" integer NOT NULL,
	CONSTRAINT "stage_week_rollup_org_id_owner_id_stage_week_pk" PRIMARY KEY("org_id","owner_id","stage","week")
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_org_id_owner_id_people_org_id_id_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_week_rollup" ADD CONSTRAINT "activity_week_rollup_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_stages" ADD CONSTRAINT "funnel_stages_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_org_id_owner_id_people_org_id_id_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."people"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_org_id_opportunity_id_opportunities_org_id_crm_id_fk" FOREIGN KEY ("org_id","opportunity_id") REFERENCES "public"."opportunities"("org_id","crm_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_week_rollup" ADD CONSTRAINT "stage_week_rollup_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_owner_time_idx" ON "activities" USING btree ("org_id","owner_id","occurred_at");--> statement-breakpoint
CREATE INDEX "opportunities_owner_idx" ON "opportunities" USING btree ("org_id","owner_id");