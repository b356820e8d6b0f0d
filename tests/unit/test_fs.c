/* test_fs.c — the file-system system calls (src/syscall/sys_fs*.c, sys_dir.c,
 * sys_stat.c, sys_procfs.c): path arguments (sys_get_path), host pointers for
 * guest buffers (fs_ubuf), the /proc/self path classifier, the guest structure
 * layouts, and a few handlers called directly on a guest address space.
 * Oracles: the host kernel (same question asked natively) and the x86-64 host's
 * own struct layouts, which are the x86-64 guest's. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscall/fs.h"

#define PG   4096ull
#define RW   (MM_READ | MM_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static struct task *t;
static struct proc *p;
static u64 page; /* two guest pages, the second unmapped */

static void setup(void) {
  t = calloc(1, sizeof *t);
  p = calloc(1, sizeof *p);
  cr_assert(t && p);
  p->mm = mm_new(64);
  cr_assert_not_null(p->mm);
  p->bits = 64;
  t->proc = p;
  t->tid = getpid();
  long a = mm_map(p->mm, 0, 2 * PG, RW, ANON, -1, 0, "");
  cr_assert_geq(a, 0);
  page = a;
  cr_assert_eq(mm_unmap(p->mm, page + PG, PG), 0);
}

static void teardown(void) {
  mm_free(p->mm);
  free(p->cmdline);
  free(p);
  free(t);
}

static void put(u64 addr, const void *src, size_t n) {
  cr_assert_eq(copy_to_user(p->mm, addr, src, n), 0);
}

/* --- sys_get_path ---------------------------------------------------------- */

TestSuite(fs_path, .init = setup, .fini = teardown);

Test(fs_path, copies_a_string) {
  char buf[PATH_MAX];
  put(page, "/etc/passwd", 12);
  cr_assert_eq(sys_get_path(t, page, buf), 0);
  cr_assert_str_eq(buf, "/etc/passwd");
}

Test(fs_path, empty_string_is_not_an_error_here) {
  char buf[PATH_MAX];
  put(page, "", 1);
  cr_assert_eq(sys_get_path(t, page, buf), 0); /* the host lookup gives ENOENT */
  cr_assert_str_eq(buf, "");
}

Test(fs_path, efault_cases) {
  char buf[PATH_MAX];
  cr_assert_eq(sys_get_path(t, 0, buf), -EFAULT);
  cr_assert_eq(sys_get_path(t, page + PG, buf), -EFAULT);
  cr_assert_eq(sys_get_path(t, 1ull << 46, buf), -EFAULT);
  cr_assert_eq(sys_get_path(t, ~0ull, buf), -EFAULT);
  put(page + PG - 4, "abcd", 4); /* no NUL before the unmapped page */
  cr_assert_eq(sys_get_path(t, page + PG - 4, buf), -EFAULT);
}

/* Linux: PATH_MAX bytes including the NUL; one more is ENAMETOOLONG.  Asked of
 * the host kernel too. */
Test(fs_path, path_max_boundary) {
  char buf[PATH_MAX];
  char s[PATH_MAX + 1];
  memset(s, 'a', sizeof s);
  for (int i = 100; i < PATH_MAX; i += 100) s[i] = '/';
  s[PATH_MAX - 1] = 0; /* 4095 chars */
  put(page, s, PATH_MAX);
  cr_assert_eq(sys_get_path(t, page, buf), 0);
  cr_assert_eq(strlen(buf), PATH_MAX - 1);
  struct stat st;
  cr_assert_eq(stat(s, &st), -1);
  cr_assert_eq(errno, ENOENT);
  s[PATH_MAX - 1] = 'a';
  s[PATH_MAX] = 0;        /* 4096 chars */
  put(page, s, PATH_MAX); /* no NUL within PATH_MAX bytes, and page+PG is unmapped */
  cr_assert_eq(sys_get_path(t, page, buf), -ENAMETOOLONG);
  cr_assert_eq(stat(s, &st), -1);
  cr_assert_eq(errno, ENAMETOOLONG);
}

/* --- fs_ubuf ------------------------------------------------------------------ */

TestSuite(fs_ubuf, .init = setup, .fini = teardown);

Test(fs_ubuf, inside_the_window) {
  u64 len = 100;
  cr_assert_eq(fs_ubuf(t, page, &len), user_ptr(p->mm, page, 100));
  cr_assert_eq(len, 100);
  len = 0;
  cr_assert_eq(fs_ubuf(t, page + PG, &len), user_ptr(p->mm, page + PG, 0));
}

Test(fs_ubuf, beyond_the_window_but_user_range) {
  u64 len = 4;
  cr_assert_eq(fs_ubuf(t, p->mm->limit, &len), FS_FAULT_PTR);
  cr_assert_eq(len, 4);
  /* A count running past the window's end is clamped to the end of the guard
   * area after it, where the host faults (never beyond it). */
  len = 1ull << 46;
  void *h = fs_ubuf(t, page, &len);
  cr_assert_eq(h, user_ptr(p->mm, page, 0));
  cr_assert_eq(len, p->mm->limit + MM_GUARD - page);
}

Test(fs_ubuf, beyond_task_size_is_rejected_as_natively) {
  u64 len = 4;
  cr_assert_eq(fs_ubuf(t, LX_TASK_SIZE_MAX - 2, &len), FS_BADADDR_PTR);
  len = ~0ull;
  cr_assert_eq(fs_ubuf(t, page, &len), FS_BADADDR_PTR);
  len = 1;
  cr_assert_eq(fs_ubuf(t, 0xffff800000000000ull, &len), FS_BADADDR_PTR);
  /* The host answers EFAULT for both kinds of substitute. */
  int fd = open("/dev/zero", O_RDONLY);
  cr_assert_eq(read(fd, FS_FAULT_PTR, 4), -1);
  cr_assert_eq(errno, EFAULT);
  cr_assert_eq(read(fd, FS_BADADDR_PTR, 4), -1);
  cr_assert_eq(errno, EFAULT);
  close(fd);
}

/* --- /proc/self classifier ------------------------------------------------------ */

Test(fs_proc, canon) {
  struct {
    const char *path;
    enum fs_proc want;
    int pid, tid, fd;
  } cases[] = {
      {"/proc/1234/exe", FS_PROC_EXE, 1234, -1, -1},
      {"/proc/1234/maps", FS_PROC_MAPS, 1234, -1, -1},
      {"/proc/1234/mem", FS_PROC_MEM, 1234, -1, -1},
      {"/proc/1234/environ", FS_PROC_ENVIRON, 1234, -1, -1},
      {"/proc/1234/task/77/status", FS_PROC_STATUS, 1234, 77, -1},
      {"/proc/1234/task/77/mem", FS_PROC_MEM, 1234, 77, -1},
      {"/proc/1234/smaps", FS_PROC_DENY, 1234, -1, -1},
      {"/proc/1234/map_files", FS_PROC_DENY, 1234, -1, -1},
      {"/proc/1234/map_files/400000-401000", FS_PROC_MAP_FILE, 1234, -1, -1},
      {"/proc/1234/fd/3", FS_PROC_FDLINK, 1234, -1, 3},
      {"/proc/1234/fd/0", FS_PROC_FDLINK, 1234, -1, 0},
      {"/mnt/p/1234/mem", FS_PROC_MEM, 1234, -1, -1}, /* another mount of procfs */
      {"/proc/1234", FS_PROC_NONE, -1, -1, -1},
      {"/proc/1234/fdinfo/3", FS_PROC_FDINFO, 1234, -1, 3},
      {"/proc/1234/task/77/fdinfo/12", FS_PROC_FDINFO, 1234, 77, 12},
      {"/proc/1234/fdinfo", FS_PROC_NONE, -1, -1, -1},
      {"/proc/1234/net/stat", FS_PROC_NONE, -1, -1, -1},
      {"/proc/sys/kernel/stat", FS_PROC_NONE, -1, -1, -1},
      {"/proc/0123/mem", FS_PROC_NONE, -1, -1, -1},
      {"/proc/1234/mem/x", FS_PROC_NONE, -1, -1, -1},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    int pid, tid, fd;
    cr_expect_eq(fs_proc_canon(cases[i].path, &pid, &tid, &fd), cases[i].want, "%s", cases[i].path);
    if (cases[i].want == FS_PROC_NONE) continue;
    cr_expect_eq(pid, cases[i].pid, "%s pid", cases[i].path);
    cr_expect_eq(tid, cases[i].tid, "%s tid", cases[i].path);
    cr_expect_eq(fd, cases[i].fd, "%s fd", cases[i].path);
  }
}

/* --- layouts: the x86-64 host's structures are the x86-64 guest's ---------------- */

#define SAME_FIELD(g, h, gf, hf)                                                 \
  do {                                                                           \
    cr_expect_eq(offsetof(struct g, gf), offsetof(struct h, hf), #gf);           \
    cr_expect_eq(sizeof(((struct g *)0)->gf), sizeof(((struct h *)0)->hf), #gf); \
  } while (0)

Test(fs_layout, stat) {
  cr_assert_eq(sizeof(struct lx64_stat), sizeof(struct stat));
  SAME_FIELD(lx64_stat, stat, st_dev, st_dev);
  SAME_FIELD(lx64_stat, stat, st_ino, st_ino);
  SAME_FIELD(lx64_stat, stat, st_nlink, st_nlink);
  SAME_FIELD(lx64_stat, stat, st_mode, st_mode);
  SAME_FIELD(lx64_stat, stat, st_uid, st_uid);
  SAME_FIELD(lx64_stat, stat, st_gid, st_gid);
  SAME_FIELD(lx64_stat, stat, st_rdev, st_rdev);
  SAME_FIELD(lx64_stat, stat, st_size, st_size);
  SAME_FIELD(lx64_stat, stat, st_blksize, st_blksize);
  SAME_FIELD(lx64_stat, stat, st_blocks, st_blocks);
  SAME_FIELD(lx64_stat, stat, st_atime_sec, st_atim.tv_sec);
  SAME_FIELD(lx64_stat, stat, st_atime_nsec, st_atim.tv_nsec);
  SAME_FIELD(lx64_stat, stat, st_mtime_sec, st_mtim.tv_sec);
  SAME_FIELD(lx64_stat, stat, st_ctime_nsec, st_ctim.tv_nsec);
}

Test(fs_layout, statfs) {
  cr_assert_eq(sizeof(struct lx64_statfs), sizeof(struct statfs));
  SAME_FIELD(lx64_statfs, statfs, f_type, f_type);
  SAME_FIELD(lx64_statfs, statfs, f_bavail, f_bavail);
  SAME_FIELD(lx64_statfs, statfs, f_fsid, f_fsid);
  SAME_FIELD(lx64_statfs, statfs, f_namelen, f_namelen);
  SAME_FIELD(lx64_statfs, statfs, f_frsize, f_frsize);
  SAME_FIELD(lx64_statfs, statfs, f_flags, f_flags);
}

Test(fs_layout, statx) {
  cr_assert_eq(sizeof(struct lx_statx), sizeof(struct statx));
  SAME_FIELD(lx_statx, statx, stx_mask, stx_mask);
  SAME_FIELD(lx_statx, statx, stx_mode, stx_mode);
  SAME_FIELD(lx_statx, statx, stx_ino, stx_ino);
  SAME_FIELD(lx_statx, statx, stx_size, stx_size);
  SAME_FIELD(lx_statx, statx, stx_atime, stx_atime);
  SAME_FIELD(lx_statx, statx, stx_mtime, stx_mtime);
  SAME_FIELD(lx_statx, statx, stx_rdev_major, stx_rdev_major);
  SAME_FIELD(lx_statx, statx, stx_dev_minor, stx_dev_minor);
  SAME_FIELD(lx_statx, statx, stx_mnt_id, stx_mnt_id);
  SAME_FIELD(lx_statx, statx, stx_dio_offset_align, stx_dio_offset_align);
}

/* --- handlers on a guest address space -------------------------------------------- */

TestSuite(fs_sys, .init = setup, .fini = teardown);

Test(fs_sys, stat_copies_out_the_x86_64_layout) {
  put(page, "/", 2);
  u64 a[6] = {page, page + 64};
  cr_assert_eq(sys_stat(t, a), 0);
  struct lx64_stat g;
  cr_assert_eq(copy_from_user(p->mm, &g, page + 64, sizeof g), 0);
  struct stat h;
  cr_assert_eq(stat("/", &h), 0);
  cr_assert_eq(g.st_ino, h.st_ino);
  cr_assert_eq(g.st_dev, h.st_dev);
  cr_assert_eq(g.st_mode, h.st_mode);
  cr_assert_eq(g.st_nlink, h.st_nlink);
  /* The result buffer running into the unmapped page. */
  a[1] = page + PG - 100;
  cr_assert_eq(sys_stat(t, a), -EFAULT);
}

Test(fs_sys, readlink_proc_self_exe_is_the_guest_program) {
  strcpy(p->exe, "/some/guest/program");
  put(page, "/proc/self/exe", 15);
  u64 a[6] = {page, page + 100, 200};
  cr_assert_eq(sys_readlink(t, a), 19);
  char got[20] = {0};
  cr_assert_eq(copy_from_user(p->mm, got, page + 100, 19), 0);
  cr_assert_str_eq(got, "/some/guest/program");
  a[2] = 4; /* truncated, no NUL, as Linux */
  cr_assert_eq(sys_readlink(t, a), 4);
  a[2] = 0;
  cr_assert_eq(sys_readlink(t, a), -EINVAL);
}

Test(fs_sys, open_proc_self_cmdline_and_auxv) {
  static const char cmd[] = "prog\0arg\0";
  p->cmdline = malloc(sizeof cmd - 1);
  memcpy(p->cmdline, cmd, sizeof cmd - 1);
  p->cmdline_len = sizeof cmd - 1;
  put(page, "/proc/self/cmdline", 19);
  u64 a[6] = {page, O_RDONLY};
  long fd = sys_open(t, a);
  cr_assert_geq(fd, 0);
  char buf[64];
  cr_assert_eq(read(fd, buf, sizeof buf), (ssize_t)p->cmdline_len);
  cr_assert_eq(memcmp(buf, cmd, p->cmdline_len), 0);
  cr_assert_eq(write(fd, "x", 1), -1); /* read-only, like the real file */
  close(fd);

  p->auxv[0] = 6; /* AT_PAGESZ */
  p->auxv[1] = 4096;
  p->auxv[2] = 0;
  p->auxv[3] = 0;
  p->nauxv = 2;
  put(page, "/proc/self/auxv", 16);
  fd = sys_open(t, a);
  cr_assert_geq(fd, 0);
  u64 w[8];
  cr_assert_eq(read(fd, w, sizeof w), 32);
  cr_assert_eq(w[0], 6);
  cr_assert_eq(w[1], 4096);
  cr_assert_eq(w[2], 0);
  close(fd);

  a[1] = O_WRONLY | O_CREAT | O_EXCL;
  cr_assert_eq(sys_open(t, a), -EEXIST);
  a[1] = O_RDONLY | O_DIRECTORY;
  cr_assert_eq(sys_open(t, a), -ENOTDIR);
}

Test(fs_sys, readv_builds_host_iovecs) {
  int fd = open("/dev/zero", O_RDONLY);
  struct {
    u64 base, len;
  } iov[2] = {{page + 512, 16}, {page + 1024, 8}};
  put(page + 1024, "AAAAAAAA", 8);
  put(page, iov, sizeof iov);
  u64 a[6] = {(u64)fd, page, 2};
  cr_assert_eq(sys_readv(t, a), 24);
  char got[8];
  cr_assert_eq(copy_from_user(p->mm, got, page + 1024, 8), 0);
  cr_assert_eq(memcmp(got, "\0\0\0\0\0\0\0\0", 8), 0);
  a[1] = page + PG - 8; /* the iovec array runs into the hole */
  cr_assert_eq(sys_readv(t, a), -EFAULT);
  a[0] = 9999; /* ... but a bad descriptor is reported first, as Linux */
  cr_assert_eq(sys_readv(t, a), -EBADF);
  close(fd);
}
