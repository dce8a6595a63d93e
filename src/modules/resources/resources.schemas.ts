import { z } from 'zod';

export const RESOURCE_AUDIENCES = ['public', 'applicants', 'partners', 'facilitators'] as const;
export type ResourceAudience = (typeof RESOURCE_AUDIENCES)[number];

export const AUDIENCE_LABELS: Record<ResourceAudience, string> = {
  public: 'Everyone',
  applicants: 'Applicants (signed-in users)',
  partners: 'Partner program managers',
  facilitators: 'Facilitators',
};

/** Empty form fields arrive as ''; an optional field left empty is simply not given. */
const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const resourceInputSchema = z.object(
  {
    title: z
      .string({ error: 'Enter the title of the document.' })
      .trim()
      .min(3, 'Enter the title of the document (at least 3 characters).')
      .max(200, 'Keep the title under 200 characters.')
      .refine((title) => !/\p{Cc}/u.test(title), 'Write the title on one line.'),
    description: z
      .preprocess(
        blankAsMissing,
        z
          .string({ error: 'Write the description as text.' })
          .trim()
          .max(1000, 'Keep the description under 1,000 characters.')
          .optional(),
      )
      .transform((value) => value ?? ''),
    audience: z.enum(RESOURCE_AUDIENCES, {
      error: 'Choose who may see it: public, applicants, partners or facilitators.',
    }),
    url: z
      .string({ error: 'Enter the address of the document, starting with https://' })
      .trim()
      .max(2000, 'Keep the address under 2,000 characters.')
      .pipe(z.url({ protocol: /^https?$/, error: 'Enter a web address starting with https:// or http://' })),
  },
  { error: 'Send a JSON object with title, audience and url (description is optional).' },
);

export const resourceIdParamsSchema = z.object({ id: z.string().max(100) });

export const resourceSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  audience: z.enum(RESOURCE_AUDIENCES),
  url: z.string(),
  createdAt: z.string(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const resourceListSchema = z.object({ resources: z.array(resourceSchema) });
