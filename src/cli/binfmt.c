/* binfmt.c — `emu --binfmt install|remove|status`: register emu with binfmt_misc as
 * the runner of i386 ELF executables (and, on request, x86-64 ones), as QEMU's
 * scripts/qemu-binfmt-conf.sh does for qemu-user.  Mirrors fs/binfmt_misc.c: the
 * register line ":name:M:offset:magic:mask:interpreter:flags", check_file()'s masked
 * compare, and the P flag (MISC_FMT_PRESERVE_ARGV0), which leaves argv[0] in place and
 * since Linux 5.12 sets AT_FLAGS_PRESERVE_ARGV0 in the interpreter's auxiliary vector.
 *
 * The rules (ELF header, e_ident then e_type and e_machine; 0 in the mask: any value):
 *
 *   byte   0..3  4      5     6      7      8      9..15  16     17  18..19
 *          ELF   class  data  vers.  OSABI  ABIv.  pad    e_type     e_machine
 *   magic  7fELF 01|02  01    01     --     --     00     02|03  00  0003|003e
 *   mask   ff..  ff     ff    ff     00     00     ff     fe     ff  ffff
 *
 * e_type's mask fe takes ET_EXEC (2) and ET_DYN (3): static-PIE and dynamic programs.
 * The x86-64 rule would also match emu itself (an x86-64 program the kernel must start
 * natively), so the build marks emu's own header with a nonzero e_ident[15] (padding the
 * kernel and the loaders ignore), which the rule's mask requires to be zero. */
#define _GNU_SOURCE
#include "cli/binfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef AT_FLAGS_PRESERVE_ARGV0
#define AT_FLAGS_PRESERVE_ARGV0 1 /* include/uapi/linux/binfmts.h */
#endif
#define BFM_DIR "/proc/sys/fs/binfmt_misc"
#define BFM_FS_MAGIC 0x42494e4d /* BINFMTFS_MAGIC, include/uapi/linux/magic.h */
#define BFM_LEN 20

struct bfm_rule {
  const char *name;  /* the entry under BFM_DIR */
  const char *what;  /* for messages */
  unsigned char magic[BFM_LEN], mask[BFM_LEN];
};

#define BFM_IDENT(cls) 0x7f, 'E', 'L', 'F', cls, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define BFM_IDENT_MASK 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, \
                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
static const struct bfm_rule bfm_rules[] = {
    {"emu-i386", "i386 ELF executables", {BFM_IDENT(1), 2, 0, 3, 0},
     {BFM_IDENT_MASK, 0xfe, 0xff, 0xff, 0xff}},
    {"emu-x86_64", "x86-64 ELF executables", {BFM_IDENT(2), 2, 0, 0x3e, 0},
     {BFM_IDENT_MASK, 0xfe, 0xff, 0xff, 0xff}},
};
enum { BFM_I386, BFM_X86_64, BFM_NRULES };

int bfm_started_by_kernel(int argc) {
  return argc >= 3 && (getauxval(AT_FLAGS) & AT_FLAGS_PRESERVE_ARGV0);
}

static int bfm_match(const unsigned char *magic, const unsigned char *mask, size_t n,
                     const unsigned char *buf, size_t len) {
  if (len < n) return 0;
  for (size_t i = 0; i < n; i++)
    if ((buf[i] & mask[i]) != (magic[i] & mask[i])) return 0;
  return 1;
}

int bfm_rule_matches(const char *name, const unsigned char *buf, size_t len) {
  for (int r = 0; r < BFM_NRULES; r++)
    if (!strcmp(bfm_rules[r].name, name))
      return bfm_match(bfm_rules[r].magic, bfm_rules[r].mask, BFM_LEN, buf, len);
  return 0;
}

static int bfm_mounted(void) {
  struct statfs s;
  return statfs(BFM_DIR, &s) == 0 && (unsigned long)s.f_type == BFM_FS_MAGIC;
}

/* Write all of text to BFM_DIR/file in one write(), as the kernel wants it. */
static int bfm_write(const char *file, const char *text) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", BFM_DIR, file);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  ssize_t n = write(fd, text, strlen(text));
  int err = n < 0 ? errno : 0;
  close(fd);
  return n < 0 ? -err : 0;
}

/* An entry's file: "enabled|disabled", "interpreter PATH", "flags: PF", "offset N",
 * "magic HEX", "mask HEX".  Returns 0, or -1 when there is no such entry. */
struct bfm_entry {
  int enabled;
  char interp[PATH_MAX], flags[1024];
  unsigned offset;
  unsigned char magic[128], mask[128];
  size_t len;
};

static size_t bfm_unhex(const char *s, unsigned char *out, size_t max) {
  size_t n = 0;
  unsigned v;
  while (n < max && sscanf(s, "%2x", &v) == 1) {
    out[n++] = (unsigned char)v;
    s += 2;
  }
  return n;
}

static int bfm_read_entry(const char *name, struct bfm_entry *e) {
  char path[PATH_MAX], line[1024];
  snprintf(path, sizeof path, "%s/%s", BFM_DIR, name);
  FILE *f = fopen(path, "re");
  if (!f) return -1;
  memset(e, 0, sizeof *e);
  int has_mask = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (!strcmp(line, "enabled")) e->enabled = 1;
    else if (!strncmp(line, "interpreter ", 12)) snprintf(e->interp, sizeof e->interp, "%s", line + 12);
    else if (!strncmp(line, "flags: ", 7)) snprintf(e->flags, sizeof e->flags, "%s", line + 7);
    else if (!strncmp(line, "offset ", 7)) e->offset = (unsigned)strtoul(line + 7, NULL, 10);
    else if (!strncmp(line, "magic ", 6)) e->len = bfm_unhex(line + 6, e->magic, sizeof e->magic);
    else if (!strncmp(line, "mask ", 5)) has_mask = bfm_unhex(line + 5, e->mask, sizeof e->mask) > 0;
  }
  fclose(f);
  if (!has_mask) memset(e->mask, 0xff, sizeof e->mask);
  return 0;
}

/* emu's own path, as the rule's interpreter: the file /proc/self/exe names. */
static int bfm_self(char *out, size_t size) {
  ssize_t n = readlink("/proc/self/exe", out, size - 1);
  if (n <= 0 || (size_t)n >= size - 1) return -1;
  out[n] = 0;
  return strstr(out, " (deleted)") ? -1 : 0;
}

static void bfm_usage(FILE *f) {
  fputs("usage: emu --binfmt install [--x86-64] | remove | status\n"
        "  install   register emu with binfmt_misc as the runner of i386 ELF executables\n"
        "            (ET_EXEC and ET_DYN), flags PF; with --x86-64, of x86-64 ones too\n"
        "            (every x86-64 program this kernel starts then runs under emu)\n"
        "  remove    unregister emu's entries\n"
        "  status    show emu's entries and any other handler of i386 ELF executables;\n"
        "            exit status 0 when emu-i386 is registered and enabled, else 1\n"
        "install and remove need root (CAP_SYS_ADMIN over binfmt_misc).\n",
        f);
}

/* A canonical i386 ET_EXEC header, to ask each entry whether it claims i386 programs. */
static void bfm_i386_sample(unsigned char buf[64]) {
  memset(buf, 0, 64);
  memcpy(buf, bfm_rules[BFM_I386].magic, BFM_LEN);
}

static int bfm_status(void) {
  if (!bfm_mounted()) {
    printf("binfmt_misc: not mounted at %s (emu --binfmt install mounts it)\n", BFM_DIR);
    printf("emu-i386: not registered\nemu-x86_64: not registered\n");
    return 1;
  }
  char line[64] = "";
  FILE *f = fopen(BFM_DIR "/status", "re");
  if (f) {
    if (!fgets(line, sizeof line, f)) line[0] = 0;
    fclose(f);
    line[strcspn(line, "\n")] = 0;
  }
  printf("binfmt_misc: mounted at %s (%s)\n", BFM_DIR, line[0] ? line : "status unknown");
  int rc = 1;
  for (int r = 0; r < BFM_NRULES; r++) {
    struct bfm_entry e;
    if (bfm_read_entry(bfm_rules[r].name, &e)) {
      printf("%s: not registered\n", bfm_rules[r].name);
      continue;
    }
    printf("%s: %s, %s run under %s (flags %s)\n", bfm_rules[r].name,
           e.enabled ? "enabled" : "disabled", bfm_rules[r].what, e.interp,
           e.flags[0] ? e.flags : "none");
    if (r == BFM_I386 && e.enabled && !strcmp(line, "enabled")) rc = 0;
  }
  /* Others that claim i386 programs (qemu-i386, box86...): the newest entry wins. */
  unsigned char sample[64];
  bfm_i386_sample(sample);
  DIR *d = opendir(BFM_DIR);
  for (struct dirent *de; d && (de = readdir(d));) {
    struct bfm_entry e;
    if (de->d_name[0] == '.' || !strcmp(de->d_name, "register") ||
        !strcmp(de->d_name, "status") || !strncmp(de->d_name, "emu-", 4) ||
        bfm_read_entry(de->d_name, &e) || !e.len || e.offset + e.len > sizeof sample)
      continue;
    if (bfm_match(e.magic, e.mask, e.len, sample + e.offset, sizeof sample - e.offset))
      printf("also claims i386 ELF executables: %s (%s, interpreter %s)\n", de->d_name,
             e.enabled ? "enabled" : "disabled", e.interp);
  }
  if (d) closedir(d);
  return rc;
}

static int bfm_need_root(const char *what) {
  if (geteuid() == 0) return 0;
  fprintf(stderr,
          "emu: --binfmt %s needs root: it writes %s/register (try: sudo emu --binfmt %s)\n",
          what, BFM_DIR, what);
  return 1;
}

/* Mount binfmt_misc where systemd and the docs put it, when it is not there. */
static int bfm_mount(void) {
  if (bfm_mounted()) return 0;
  if (mount("binfmt_misc", BFM_DIR, "binfmt_misc", 0, NULL) == 0) {
    printf("emu: mounted binfmt_misc at %s\n", BFM_DIR);
    return 0;
  }
  int err = errno;
  fprintf(stderr, "emu: cannot mount binfmt_misc at %s: %s%s\n", BFM_DIR, strerror(err),
          err == ENODEV || err == ENOENT
              ? " (this kernel has no binfmt_misc: load it with modprobe binfmt_misc)"
              : "");
  return 1;
}

static int bfm_unregister(int r) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", BFM_DIR, bfm_rules[r].name);
  if (access(path, F_OK)) return 0;
  int err = bfm_write(bfm_rules[r].name, "-1");
  if (err) {
    fprintf(stderr, "emu: cannot remove %s: %s\n", path, strerror(-err));
    return -1;
  }
  return 1;
}

static int bfm_register(int r, const char *self) {
  char line[PATH_MAX + 256], *p = line;
  p += sprintf(p, ":%s:M:0:", bfm_rules[r].name);
  for (int i = 0; i < BFM_LEN; i++) p += sprintf(p, "\\x%02x", bfm_rules[r].magic[i]);
  *p++ = ':';
  for (int i = 0; i < BFM_LEN; i++) p += sprintf(p, "\\x%02x", bfm_rules[r].mask[i]);
  sprintf(p, ":%s:PF", self);
  if (bfm_unregister(r) < 0) return 1;
  int err = bfm_write("register", line);
  if (err) {
    fprintf(stderr, "emu: cannot register %s: %s\n", bfm_rules[r].name, strerror(-err));
    return 1;
  }
  printf("emu: registered %s: %s now run under %s (flags PF)\n", bfm_rules[r].name,
         bfm_rules[r].what, self);
  return 0;
}

static int bfm_install(int x86_64) {
  char self[PATH_MAX];
  if (bfm_need_root("install")) return 1;
  if (bfm_self(self, sizeof self)) {
    fprintf(stderr, "emu: cannot tell where this emu binary is (/proc/self/exe)\n");
    return 1;
  }
  if (strpbrk(self, ":\n")) {
    fprintf(stderr, "emu: %s: binfmt_misc cannot name an interpreter whose path has ':'\n", self);
    return 1;
  }
  if (x86_64) {
    /* The rule must not take emu itself (ELOOP on every exec): see the mark above. */
    unsigned char hdr[64];
    int fd = open(self, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, hdr, sizeof hdr) : -1;
    if (fd >= 0) close(fd);
    if (n < BFM_LEN || bfm_rule_matches(bfm_rules[BFM_X86_64].name, hdr, (size_t)n)) {
      fprintf(stderr,
              "emu: %s lacks the mark (e_ident[15] nonzero) its build sets, so the x86-64 rule\n"
              "would match emu itself and no x86-64 program could start; use the emu CMake "
              "builds (strip and objcopy keep the mark)\n", self);
      return 1;
    }
  }
  if (bfm_mount()) return 1;
  if (bfm_register(BFM_I386, self)) return 1;
  if (x86_64 && bfm_register(BFM_X86_64, self)) return 1;
  return 0;
}

static int bfm_remove(void) {
  if (bfm_need_root("remove")) return 1;
  if (!bfm_mounted()) {
    printf("emu: binfmt_misc is not mounted: nothing to remove\n");
    return 0;
  }
  int rc = 0, removed = 0;
  for (int r = 0; r < BFM_NRULES; r++) {
    int k = bfm_unregister(r);
    if (k < 0) rc = 1;
    if (k > 0) {
      printf("emu: removed %s\n", bfm_rules[r].name);
      removed++;
    }
  }
  if (!removed && !rc) printf("emu: no emu entries were registered\n");
  return rc;
}

int bfm_main(int argc, char **argv) {
  if (argc == 1 && !strcmp(argv[0], "status")) return bfm_status();
  if (argc == 1 && !strcmp(argv[0], "remove")) return bfm_remove();
  if (argc >= 1 && argc <= 2 && !strcmp(argv[0], "install") &&
      (argc == 1 || !strcmp(argv[1], "--x86-64")))
    return bfm_install(argc == 2);
  if (argc == 1 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
    bfm_usage(stdout);
    return 0;
  }
  bfm_usage(stderr);
  return 2;
}
