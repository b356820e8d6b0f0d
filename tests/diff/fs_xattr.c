/* fs_xattr.c — extended attributes on a file in the scratch directory:
 * set/get/list/remove through the path, the link and the descriptor forms,
 * XATTR_CREATE/XATTR_REPLACE, the size query (size 0), ERANGE, ENODATA,
 * names too long or empty, and EFAULT for each pointer (path, name, value,
 * list), in the kernel's order.  When the file system refuses user.*
 * attributes the errno is printed instead (the same natively).
 */
// diff-vm-mask: ^(setxattr nofile bad value|setxattr bad name nofile|fsetxattr bad fd bad name|getxattr nofile bad name) .* -- kernel version: emu hands this call to the host's kernel, whose answer differs from the VM's Linux 6.1 (the order of the name and path checks)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#define BAD ((void *)1)

static void show(const char *what, long r) {
  if (r < 0)
    printf("%-34s = -1 errno %d\n", what, errno);
  else
    printf("%-34s = %ld\n", what, r);
}

/* listxattr's order is the file system's: print the names sorted. */
static void show_list(const char *what, const char *buf, long n) {
  if (n < 0) {
    show(what, n);
    return;
  }
  const char *names[16];
  int k = 0;
  for (long i = 0; i < n && k < 16; i += strlen(buf + i) + 1) names[k++] = buf + i;
  for (int i = 0; i < k; i++)
    for (int j = i + 1; j < k; j++)
      if (strcmp(names[j], names[i]) < 0) {
        const char *x = names[i];
        names[i] = names[j];
        names[j] = x;
      }
  printf("%-34s = %ld:", what, n);
  for (int i = 0; i < k; i++)
    if (!strncmp(names[i], "user.", 5)) printf(" %s", names[i]);
  printf("\n");
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int fd = open("xf", O_CREAT | O_RDWR | O_TRUNC, 0644);
  symlink("xf", "xl");
  char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  errno = 0;
  long r = setxattr("xf", "user.probe", "1", 1, 0);
  if (r < 0) {
    printf("user xattrs refused: errno %d\n", errno);
    return 0;
  }
  removexattr("xf", "user.probe");
  show("setxattr", setxattr("xf", "user.a", "alpha", 5, 0));
  show("setxattr CREATE exists", setxattr("xf", "user.a", "x", 1, XATTR_CREATE));
  show("setxattr REPLACE missing", setxattr("xf", "user.b", "x", 1, XATTR_REPLACE));
  show("lsetxattr on link (user.)", lsetxattr("xl", "user.c", "x", 1, 0));
  show("fsetxattr", fsetxattr(fd, "user.b", "bravo!", 6, 0));
  show("fsetxattr bad flags", fsetxattr(fd, "user.b", "x", 1, 8));
  show("setxattr empty value", setxattr("xf", "user.e", "", 0, 0));
  char buf[256];
  show("getxattr size query", getxattr("xf", "user.a", NULL, 0));
  memset(buf, 0, sizeof buf);
  show("getxattr", getxattr("xf", "user.a", buf, sizeof buf));
  printf("value '%s'\n", buf);
  show("getxattr ERANGE", getxattr("xf", "user.a", buf, 2));
  show("lgetxattr via link", lgetxattr("xl", "user.a", buf, sizeof buf));
  show("fgetxattr", fgetxattr(fd, "user.b", buf, sizeof buf));
  show("getxattr ENODATA", getxattr("xf", "user.zz", buf, sizeof buf));
  show("getxattr empty", getxattr("xf", "user.e", buf, sizeof buf));
  show("getxattr bad namespace", getxattr("xf", "bogus.a", buf, sizeof buf));
  char longname[300];
  memset(longname, 'n', sizeof longname);
  memcpy(longname, "user.", 5);
  longname[299] = 0;
  show("getxattr name too long", getxattr("xf", longname, buf, sizeof buf));
  show("getxattr empty name", getxattr("xf", "", buf, sizeof buf));
  show("listxattr size", listxattr("xf", NULL, 0) > 0);
  long n = listxattr("xf", buf, sizeof buf);
  show_list("listxattr", buf, n);
  n = flistxattr(fd, buf, sizeof buf);
  show_list("flistxattr", buf, n);
  show("listxattr ERANGE", listxattr("xf", buf, 1));
  show("llistxattr link", llistxattr("xl", buf, sizeof buf) >= 0);
  show("removexattr", removexattr("xf", "user.a"));
  show("removexattr again", removexattr("xf", "user.a"));
  show("fremovexattr", fremovexattr(fd, "user.b"));
  show("lremovexattr link", lremovexattr("xl", "user.e"));
  show("getxattr missing file", getxattr("nofile", "user.a", buf, sizeof buf));
  show("fgetxattr bad fd", fgetxattr(99, "user.a", buf, sizeof buf));

  /* bad pointers, through the raw calls */
  show("setxattr bad path", syscall(SYS_setxattr, BAD, "user.a", "v", 1, 0));
  show("setxattr bad name", syscall(SYS_setxattr, "xf", BAD, "v", 1, 0));
  show("setxattr bad value", syscall(SYS_setxattr, "xf", "user.a", BAD, 1, 0));
  show("setxattr nofile bad value", syscall(SYS_setxattr, "nofile", "user.a", BAD, 1, 0));
  show("setxattr bad name nofile", syscall(SYS_setxattr, "nofile", BAD, "v", 1, 0));
  show("fsetxattr bad fd bad name", syscall(SYS_fsetxattr, 99, BAD, "v", 1, 0));
  syscall(SYS_setxattr, "xf", "user.a", "alpha", 5, 0);
  show("getxattr bad path", syscall(SYS_getxattr, BAD, "user.a", buf, 10));
  show("getxattr bad name", syscall(SYS_getxattr, "xf", BAD, buf, 10));
  show("getxattr nofile bad name", syscall(SYS_getxattr, "nofile", BAD, buf, 10));
  show("getxattr bad value", syscall(SYS_getxattr, "xf", "user.a", BAD, 10));
  show("getxattr ro value", syscall(SYS_getxattr, "xf", "user.a", ro, 10));
  show("getxattr ro small ERANGE", syscall(SYS_getxattr, "xf", "user.a", ro, 2));
  show("getxattr missing bad value", syscall(SYS_getxattr, "xf", "user.q", BAD, 10));
  show("fgetxattr bad name", syscall(SYS_fgetxattr, fd, BAD, buf, 10));
  show("listxattr bad path", syscall(SYS_listxattr, BAD, buf, 10));
  show("listxattr ro list", syscall(SYS_listxattr, "xf", ro, 100));
  show("flistxattr bad list", syscall(SYS_flistxattr, fd, BAD, 100));
  show("removexattr bad name", syscall(SYS_removexattr, "xf", BAD));
  show("lremovexattr bad path", syscall(SYS_lremovexattr, BAD, "user.a"));
  show("fremovexattr bad name", syscall(SYS_fremovexattr, fd, BAD));
  close(fd);
  return 0;
}
