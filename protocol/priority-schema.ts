import { z } from 'zod';
import { PRIORITIES } from './priority.ts';

export const PrioritySchema = z.enum(PRIORITIES);
