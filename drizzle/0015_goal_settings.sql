CREATE TABLE "goal_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"max_improvement" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "goal_settings" ADD CONSTRAINT "goal_settings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;