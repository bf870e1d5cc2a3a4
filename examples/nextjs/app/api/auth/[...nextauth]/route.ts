// Auth.js's routes: sign-in, the provider's callback, sign-out, session.
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
