/* hostile_proc_views.c — the text views of /proc/self describe this program,
 * by every route: maps has the line of a static buffer (rw-p) and of main
 * (r-xp); status VmSize, statm size and stat vsize are those of a small
 * static program (under 1 GiB), stat's start/end code surround main;
 * environ holds this process's environment, cmdline its argv, auxv the
 * AT_ENTRY getauxval gives; exe names the program.  Prints only comparisons.
 * diff-args: one "two words" ""
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "scratch_dir.h"

extern char **environ;
static char data[4096] = "static data";
static char text[1 << 20];
int main(int argc, char **argv);

static size_t slurp_fd(int fd, char *b, size_t size) {
  size_t n = 0;
  if (fd < 0) return 0;
  for (ssize_t k; n < size - 1 && (k = read(fd, b + n, size - 1 - n)) > 0;) n += k;
  close(fd);
  b[n] = 0;
  return n;
}

/* The maps line containing address a has permissions perm. */
static int maps_has(const char *maps, uintptr_t a, const char *perm) {
  for (const char *l = maps; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
    unsigned long lo, hi;
    char p[8];
    if (sscanf(l, "%lx-%lx %7s", &lo, &hi, p) == 3 && a >= lo && a < hi) return !strcmp(p, perm);
  }
  return 0;
}

static void routes(const char *entry, int (*check)(const char *, size_t)) {
  char path[160], lnk[64];
  int pid = getpid(), tid = (int)syscall(SYS_gettid);
  size_t n;
  printf("%s:", entry);
  snprintf(path, sizeof path, "/proc/self/%s", entry);
  n = slurp_fd(open(path, O_RDONLY), text, sizeof text);
  printf(" self %d", check(text, n));
  snprintf(path, sizeof path, "/proc/%d/%s", pid, entry);
  n = slurp_fd(open(path, O_RDONLY), text, sizeof text);
  printf(" pid %d", check(text, n));
  snprintf(path, sizeof path, "/proc/thread-self/%s", entry);
  n = slurp_fd(open(path, O_RDONLY), text, sizeof text);
  printf(" thread-self %d", check(text, n));
  snprintf(path, sizeof path, "/proc/%d/task/%d/%s", pid, tid, entry);
  n = slurp_fd(open(path, O_RDONLY), text, sizeof text);
  printf(" task %d", check(text, n));
  int d = open("/proc/self", O_RDONLY | O_DIRECTORY);
  n = slurp_fd(openat(d, entry, O_RDONLY), text, sizeof text);
  printf(" dirfd %d", check(text, n));
  close(d);
  snprintf(lnk, sizeof lnk, "%s/self", scratch_dir());
  if (!symlink("/proc/self", lnk)) {
    snprintf(path, sizeof path, "%s/%s", lnk, entry);
    n = slurp_fd(open(path, O_RDONLY), text, sizeof text);
    printf(" symlink %d", check(text, n));
    unlink(lnk);
  }
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) && !chdir("/proc/self")) {
    int fd = open(entry, O_RDONLY);
    if (chdir(cwd)) exit(1);
    n = slurp_fd(fd, text, sizeof text);
    printf(" cwd %d", check(text, n));
  }
  printf("\n");
}

static int check_maps(const char *s, size_t n) {
  return n > 0 && maps_has(s, (uintptr_t)data, "rw-p") && maps_has(s, (uintptr_t)main, "r-xp");
}

static unsigned long long field(const char *s, const char *key) {
  const char *p = strstr(s, key);
  return p ? strtoull(p + strlen(key), NULL, 10) : ~0ull;
}

static int check_status(const char *s, size_t n) {
  unsigned long long kb = field(s, "VmSize:");
  return n > 0 && kb > 0 && kb < (1ull << 20) && field(s, "VmRSS:") <= kb;
}

static int check_statm(const char *s, size_t n) {
  unsigned long long size = ~0ull;
  return n > 0 && sscanf(s, "%llu", &size) == 1 && size > 0 && size * 4096 < (1ull << 30);
}

/* stat: 23 vsize, 26 startcode, 27 endcode (after the ")" of comm). */
static int check_stat(const char *s, size_t n) {
  const char *p = strrchr(s, ')');
  if (!n || !p) return 0;
  unsigned long long f[60] = {0};
  int i = 3;
  for (p += 2; *p && i < 60; i++) {
    f[i] = strtoull(p, NULL, 10);
    p = strchr(p, ' ');
    if (!p) break;
    p++;
  }
  uintptr_t m = (uintptr_t)main;
  return f[23] > 0 && f[23] < (1ull << 30) && f[26] <= m && m < f[27];
}

static char joined[1 << 16];
static size_t joined_len;

static int check_joined(const char *s, size_t n) {
  return n == joined_len && !memcmp(s, joined, n);
}

static int check_auxv(const char *s, size_t n) {
  const unsigned long *w = (const unsigned long *)s;
  for (size_t i = 0; (i + 2) * sizeof *w <= n; i += 2)
    if (w[i] == AT_ENTRY) return w[i + 1] == getauxval(AT_ENTRY);
  return 0;
}

static void join(char **v) {
  joined_len = 0;
  for (; *v; v++) {
    size_t l = strlen(*v) + 1;
    memcpy(joined + joined_len, *v, l);
    joined_len += l;
  }
}

int main(int argc, char **argv) {
  (void)argc;
  routes("maps", check_maps);
  routes("status", check_status);
  routes("statm", check_statm);
  routes("stat", check_stat);
  join(environ);
  routes("environ", check_joined);
  join(argv);
  routes("cmdline", check_joined);
  routes("auxv", check_auxv);

  /* exe: readlink by each route ends with the program's name. */
  const char *base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  char path[160], link[4096], lnk[64];
  int pid = getpid();
  const char *paths[] = {"/proc/self/exe", "/proc/thread-self/exe", path, lnk};
  snprintf(path, sizeof path, "/proc/%d/exe", pid);
  snprintf(lnk, sizeof lnk, "%s/exe-self", scratch_dir());
  int made = !symlink("/proc/self", lnk);
  strcat(lnk, "/exe");
  printf("exe:");
  for (int i = 0; i < 4; i++) {
    ssize_t k = readlink(paths[i], link, sizeof link - 1);
    link[k > 0 ? k : 0] = 0;
    size_t bl = strlen(base);
    printf(" %d", k > (ssize_t)bl && !strcmp(link + k - bl, base));
  }
  int d = open("/proc/self", O_RDONLY | O_DIRECTORY);
  ssize_t k = readlinkat(d, "exe", link, sizeof link - 1);
  link[k > 0 ? k : 0] = 0;
  printf(" dirfd %d", k > 0 && strstr(link, base) != NULL);
  /* Opening exe through the symlink reads this program's ELF file. */
  char a[4096], b[4096];
  size_t na = slurp_fd(open(lnk, O_RDONLY), a, sizeof a);
  size_t nb = slurp_fd(open(argv[0], O_RDONLY), b, sizeof b);
  printf(" open-via-symlink same bytes %d\n", na == nb && na > 0 && !memcmp(a, b, na));
  close(d);
  if (made) {
    lnk[strlen(lnk) - 4] = 0;
    unlink(lnk);
  }
  return 0;
}
