/* fs_inotify.c — inotify on the scratch directory: init/init1 flags, watches
 * on a directory and a file, events read with read(2) (wd matched, mask,
 * cookie pairing of a rename, names), IN_NONBLOCK's EAGAIN, rm_watch and its
 * IN_IGNORED, EINVAL/EBADF/ENOENT cases and EFAULT for a bad path or a
 * read-only buffer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD ((void *)1)

static void show(const char *what, long r) {
  if (r < 0)
    printf("%-30s = -1 errno %d\n", what, errno);
  else
    printf("%-30s = %ld\n", what, r);
}

static int wd_dir, wd_file;
static unsigned last_cookie;

static void drain(int fd) {
  char buf[4096] __attribute__((aligned(8)));
  long n = read(fd, buf, sizeof buf);
  if (n < 0) {
    printf("read errno %d\n", errno);
    return;
  }
  for (long i = 0; i < n;) {
    struct inotify_event *e = (struct inotify_event *)(buf + i);
    const char *who = e->wd == wd_dir ? "dir" : e->wd == wd_file ? "file" : "?";
    int paired = e->cookie != 0 && e->cookie == last_cookie;
    if (e->cookie) last_cookie = e->cookie;
    printf("  %s mask %#x cookie %s len>0 %d name '%s'\n", who, e->mask,
           e->cookie ? (paired ? "pair" : "set") : "0", e->len > 0, e->len ? e->name : "");
    i += sizeof *e + e->len;
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  mkdir("d", 0755);
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  printf("init1 ok %d cloexec %d nonblock %d\n", fd >= 0, (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0,
         (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  show("init1 bad flags", inotify_init1(1));
#ifdef SYS_inotify_init
  int fd0 = syscall(SYS_inotify_init);
  printf("inotify_init ok %d\n", fd0 >= 0);
  close(fd0);
#endif
  wd_dir = inotify_add_watch(fd, "d", IN_CREATE | IN_DELETE | IN_MOVE | IN_MODIFY);
  printf("watch dir ok %d\n", wd_dir > 0);
  show("read empty", read(fd, (char[64]){0}, 64));
  int f = open("d/a", O_CREAT | O_WRONLY, 0644);
  write(f, "x", 1);
  close(f);
  wd_file = inotify_add_watch(fd, "d/a", IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF);
  printf("watch file ok %d same again %d\n", wd_file > 0,
         inotify_add_watch(fd, "d/a", IN_ATTRIB) == wd_file);
  rename("d/a", "d/b");
  chmod("d/b", 0600);
  drain(fd);
  unlink("d/b");
  drain(fd);
  show("rm_watch dir", inotify_rm_watch(fd, wd_dir));
  drain(fd);
  show("rm_watch again", inotify_rm_watch(fd, wd_dir));
  show("add_watch missing", inotify_add_watch(fd, "nope", IN_CREATE));
  show("add_watch zero mask", inotify_add_watch(fd, "d", 0));
  show("add_watch bad fd", inotify_add_watch(99, "d", IN_CREATE));
  show("add_watch not inotify", inotify_add_watch(1, "d", IN_CREATE));
  show("add_watch bad path", syscall(SYS_inotify_add_watch, fd, BAD, IN_CREATE));
  show("add_watch bad path bad fd", syscall(SYS_inotify_add_watch, 99, BAD, IN_CREATE));
  show("add_watch bad path 0 mask", syscall(SYS_inotify_add_watch, fd, BAD, 0));
  show("rm_watch bad fd", inotify_rm_watch(99, 1));
  int w = inotify_add_watch(fd, "d", IN_CREATE);
  close(open("d/c", O_CREAT | O_WRONLY, 0644));
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  show("read into ro page", read(fd, ro, 4096));
  show("read too small", read(fd, (char[8]){0}, 8));
  (void)w;
  drain(fd);
  close(fd);
  return 0;
}
