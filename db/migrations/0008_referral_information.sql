CREATE TABLE "referral_information" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"panel_decision_id" uuid,
	"information" text NOT NULL,
	"given_by" uuid NOT NULL,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referral_information" ADD CONSTRAINT "referral_information_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_information" ADD CONSTRAINT "referral_information_panel_decision_id_panel_decisions_id_fk" FOREIGN KEY ("panel_decision_id") REFERENCES "public"."panel_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_information" ADD CONSTRAINT "referral_information_given_by_users_id_fk" FOREIGN KEY ("given_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referral_information_referral" ON "referral_information" USING btree ("referral_id","given_at");