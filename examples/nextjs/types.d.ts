// What the example keeps in Auth.js's JWT cookie (server side only).
import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    idToken?: string;
    expiresAt?: number;
    refreshToken?: string;
    error?: string;
  }
}
