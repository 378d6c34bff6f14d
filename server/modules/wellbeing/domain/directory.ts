/**
 * The services the wellbeing service refers on to when specialist help is not needed
 * (001, PRODUCT.md §6). Every new service starts with these; the service edits them on the
 * directory page (criteria and contact are placeholders for the service to replace with its area's own).
 */
export const DEFAULT_DIRECTORY: readonly { name: string; criteria: string; contact: string }[] = Object.freeze([
  {
    name: 'Child and adolescent mental health services (CAMHS)',
    criteria: 'Moderate to severe mental health difficulties needing specialist assessment or treatment, up to 18.',
    contact: 'Referral through the local CAMHS single point of access.',
  },
  {
    name: 'First Steps',
    criteria: 'Eating difficulties and disordered eating, for children, young people and their families.',
    contact: 'Self-referral or professional referral to First Steps.',
  },
  {
    name: 'Kooth',
    criteria: 'Free, anonymous online counselling and peer support for young people aged 11 to 25.',
    contact: 'Young people sign up themselves at kooth.com: no referral needed.',
  },
  {
    name: 'Mental health support teams in schools',
    criteria: 'Mild to moderate anxiety, low mood and behaviour difficulties, for pupils at a school the teams cover.',
    contact: 'Through the school’s designated mental health lead.',
  },
  {
    name: 'Neurodiversity hub',
    criteria: 'Advice, support and assessment pathways for autism and ADHD, before and after diagnosis.',
    contact: 'Professional or family referral to the local neurodiversity hub.',
  },
])
