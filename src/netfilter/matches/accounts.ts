// The user and group databases getpwnam/getgrnam/getpwuid/getgrgid answer on a fresh
// Debian 12: /etc/passwd and /etc/group as base-passwd 3.6.1 installs them. -m owner
// takes names from them and prints them back.

/** [name, uid] of /etc/passwd, in file order. */
const USERS: readonly (readonly [string, number])[] = [
  ["root", 0], ["daemon", 1], ["bin", 2], ["sys", 3], ["sync", 4], ["games", 5], ["man", 6], ["lp", 7],
  ["mail", 8], ["news", 9], ["uucp", 10], ["proxy", 13], ["www-data", 33], ["backup", 34], ["list", 38],
  ["irc", 39], ["_apt", 42], ["nobody", 65534],
];

/** [name, gid] of /etc/group, in file order. */
const GROUPS: readonly (readonly [string, number])[] = [
  ["root", 0], ["daemon", 1], ["bin", 2], ["sys", 3], ["adm", 4], ["tty", 5], ["disk", 6], ["lp", 7],
  ["mail", 8], ["news", 9], ["uucp", 10], ["man", 12], ["proxy", 13], ["kmem", 15], ["dialout", 20],
  ["fax", 21], ["voice", 22], ["cdrom", 24], ["floppy", 25], ["tape", 26], ["sudo", 27], ["audio", 29],
  ["dip", 30], ["www-data", 33], ["backup", 34], ["operator", 37], ["list", 38], ["irc", 39], ["src", 40],
  ["shadow", 42], ["utmp", 43], ["video", 44], ["sasl", 45], ["plugdev", 46], ["staff", 50], ["games", 60],
  ["users", 100], ["nogroup", 65534],
];

export const userByName = (name: string): number | undefined => USERS.find(([n]) => n === name)?.[1];
export const groupByName = (name: string): number | undefined => GROUPS.find(([n]) => n === name)?.[1];
export const userName = (uid: number): string | undefined => USERS.find(([, id]) => id === uid)?.[0];
export const groupName = (gid: number): string | undefined => GROUPS.find(([, id]) => id === gid)?.[0];
