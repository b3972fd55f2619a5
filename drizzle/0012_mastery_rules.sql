CREATE TABLE "skill_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"mastery_rules" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "skill_settings" ADD CONSTRAINT "skill_settings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;