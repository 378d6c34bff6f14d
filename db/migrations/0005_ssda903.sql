CREATE TABLE "ssda903_episodes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"child" text NOT NULL,
	"decom" date NOT NULL,
	"rne" text,
	"ls" text,
	"cin" text,
	"place" text,
	"place_provider" text,
	"dec" date,
	"rec" text,
	"reason_place_change" text,
	"home_post" text,
	"pl_post" text,
	"urn" text,
	"collection_year" integer
);
--> statement-breakpoint
CREATE TABLE "ssda903_header" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"child" text NOT NULL,
	"sex" text NOT NULL,
	"dob" date NOT NULL,
	"ethnic" text,
	"upn" text,
	"collection_year" integer
);
--> statement-breakpoint
CREATE TABLE "ssda903_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"mode" text NOT NULL,
	"collection_year" integer,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_imported" integer DEFAULT 0 NOT NULL,
	"report" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ssda903_oc2" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"child" text NOT NULL,
	"collection_year" integer,
	"dob" date,
	"sdq_score" double precision,
	"sdq_reason" text,
	"health_assessment" double precision,
	"immunisations" double precision,
	"teeth_check" double precision,
	"convicted" double precision,
	"health_check" double precision,
	"substance_misuse" double precision,
	"intervention_received" double precision,
	"intervention_offered" double precision
);
--> statement-breakpoint
CREATE TABLE "ssda903_uasc" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"child" text NOT NULL,
	"dob" date,
	"duc" date,
	"collection_year" integer
);
--> statement-breakpoint
ALTER TABLE "ssda903_episodes" ADD CONSTRAINT "ssda903_episodes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_header" ADD CONSTRAINT "ssda903_header_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_imports" ADD CONSTRAINT "ssda903_imports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_imports" ADD CONSTRAINT "ssda903_imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_oc2" ADD CONSTRAINT "ssda903_oc2_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_uasc" ADD CONSTRAINT "ssda903_uasc_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ssda903_episodes_org_child_decom" ON "ssda903_episodes" USING btree ("organisation_id","child","decom");--> statement-breakpoint
CREATE INDEX "ssda903_episodes_org_year" ON "ssda903_episodes" USING btree ("organisation_id","collection_year");--> statement-breakpoint
CREATE UNIQUE INDEX "ssda903_header_org_child" ON "ssda903_header" USING btree ("organisation_id","child");--> statement-breakpoint
CREATE INDEX "ssda903_imports_org_started" ON "ssda903_imports" USING btree ("organisation_id","started_at");--> statement-breakpoint
CREATE INDEX "ssda903_oc2_org_year" ON "ssda903_oc2" USING btree ("organisation_id","collection_year");--> statement-breakpoint
CREATE INDEX "ssda903_uasc_org_year" ON "ssda903_uasc" USING btree ("organisation_id","collection_year");