CREATE TABLE "ssda903_comparators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"at" date NOT NULL,
	"measure" text NOT NULL,
	"comparator" text NOT NULL,
	"value" double precision NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ssda903_population" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"age_band" text NOT NULL,
	"sex" text NOT NULL,
	"population" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ssda903_upload_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"upload_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ssda903_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"collection_year" integer,
	"file_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phase" text,
	"current_file" text,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"total_bytes" bigint DEFAULT 0 NOT NULL,
	"import_id" uuid,
	"failure" text
);
--> statement-breakpoint
ALTER TABLE "ssda903_comparators" ADD CONSTRAINT "ssda903_comparators_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_comparators" ADD CONSTRAINT "ssda903_comparators_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_population" ADD CONSTRAINT "ssda903_population_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_upload_files" ADD CONSTRAINT "ssda903_upload_files_upload_id_ssda903_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."ssda903_uploads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_uploads" ADD CONSTRAINT "ssda903_uploads_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_uploads" ADD CONSTRAINT "ssda903_uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssda903_uploads" ADD CONSTRAINT "ssda903_uploads_import_id_ssda903_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."ssda903_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ssda903_comparators_key" ON "ssda903_comparators" USING btree ("organisation_id","at","measure","comparator");--> statement-breakpoint
CREATE UNIQUE INDEX "ssda903_population_key" ON "ssda903_population" USING btree ("organisation_id","year","age_band","sex");--> statement-breakpoint
CREATE INDEX "ssda903_upload_files_upload" ON "ssda903_upload_files" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "ssda903_uploads_org_created" ON "ssda903_uploads" USING btree ("organisation_id","created_at");