CREATE TABLE "development_plans" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"rep_id" uuid NOT NULL,
	"started_by" uuid NOT NULL,
	"status" text NOT NULL,
	"focus" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"started_on" date NOT NULL,
	"review_on" date NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"closed_on" date,
	"outcome" text,
	"review_note" text,
	"renews" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "development_plans_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "development_plans_closed" CHECK (("development_plans"."status" = 'closed') = ("development_plans"."closed_on" is not null and "development_plans"."outcome" is not null))
);
--> statement-breakpoint
CREATE TABLE "skill_evidence" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"skill" text NOT NULL,
	"skill_version" integer NOT NULL,
	"level" smallint NOT NULL,
	"source" text NOT NULL,
	"observed_on" date NOT NULL,
	"author_id" uuid,
	"note" text,
	"assessment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skill_evidence_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "skill_evidence_level" CHECK ("skill_evidence"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "skill_versions" (
	"org_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"rubric" text[] NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"position" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skill_versions_org_id_slug_version_pk" PRIMARY KEY("org_id","slug","version"),
	CONSTRAINT "skill_versions_rubric_levels" CHECK (cardinality("skill_versions"."rubric") = 5)
);
--> statement-breakpoint
CREATE TABLE "stage_skills" (
	"org_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"skill" text NOT NULL,
	CONSTRAINT "stage_skills_org_id_stage_pk" PRIMARY KEY("org_id","stage")
);
--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_org_id_rep_id_people_org_id_id_fk" FOREIGN KEY ("org_id","rep_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_evidence" ADD CONSTRAINT "skill_evidence_org_id_person_id_people_org_id_id_fk" FOREIGN KEY ("org_id","person_id") REFERENCES "public"."people"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_versions" ADD CONSTRAINT "skill_versions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_skills" ADD CONSTRAINT "stage_skills_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "development_plans_one_active" ON "development_plans" USING btree ("org_id","rep_id") WHERE "development_plans"."status" = 'active';--> statement-breakpoint
CREATE INDEX "development_plans_review_idx" ON "development_plans" USING btree ("org_id","status","review_on");--> statement-breakpoint
CREATE INDEX "skill_evidence_person_idx" ON "skill_evidence" USING btree ("org_id","person_id","skill","observed_on");