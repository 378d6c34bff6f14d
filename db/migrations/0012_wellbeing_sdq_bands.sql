ALTER TABLE "wellbeing_settings" ADD COLUMN "sdq_carer_borderline" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "wellbeing_settings" ADD COLUMN "sdq_carer_concern" integer DEFAULT 17 NOT NULL;--> statement-breakpoint
ALTER TABLE "wellbeing_settings" ADD COLUMN "sdq_teacher_borderline" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "wellbeing_settings" ADD COLUMN "sdq_teacher_concern" integer DEFAULT 16 NOT NULL;--> statement-breakpoint
ALTER TABLE "wellbeing_settings" ADD COLUMN "sdq_self_borderline" integer DEFAULT 16 NOT NULL;--> statement-breakpoint
ALTER TABLE "wellbeing_settings" ADD COLUMN "sdq_self_concern" integer DEFAULT 20 NOT NULL;