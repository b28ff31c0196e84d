/** RFC 3206: [SYS/TEMP], [SYS/PERM] and [IN-USE] refuse PASS for reasons that say nothing about the password. */
export function isPop3CredentialRefusal(status: string): boolean {
  return !/^\[(SYS\/[A-Z]+|IN-USE)\]/i.test(status.trim());
}
