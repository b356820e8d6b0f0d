/* io_ioctl_tools.c — the ioctls real tools use (issue 14, item 5), in both
 * ABIs: the inode flags of lsattr/chattr and dar (FS_IOC_GETFLAGS/SETFLAGS,
 * and on i386 also the FS_IOC32_* numbers compat_sys_ioctl maps),
 * FS_IOC_GETVERSION, FS_IOC_FSGETXATTR (lsattr -p), termios2 (TCGETS2) and
 * packet mode on a pseudo-terminal, and the interface calls of ifconfig-like
 * tools on the loopback interface (SIOCGIFINDEX/NAME/FLAGS/MTU).  Printed:
 * what is the same on every ext4 file system and every kernel.
 */
#define FS_IOC32_GETVERSION 0x80047601u
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define FS_IOC_GETFLAGS_L 0x80086601u
#define FS_IOC_SETFLAGS_L 0x40086602u
#define FS_IOC_GETVERSION_L 0x80087601u
#define FS_IOC32_GETFLAGS 0x80046601u
#define FS_IOC32_SETFLAGS 0x40046602u
#define FS_IOC_FSGETXATTR_ 0x801c581fu
#define TCGETS2_ 0x802c542au
#define TCSETS2_ 0x402c542bu
#define TIOCGPKT_ 0x80045438u
#define FS_NOATIME_FL 0x80

static void show(const char *what, long r) {
  if (r < 0)
    printf("%s: errno %d\n", what, errno);
  else
    printf("%s: %ld\n", what, r);
}

static void flags_calls(int fd, unsigned get, unsigned set, const char *name) {
  int fl = -1;
  long r = ioctl(fd, get, &fl);
  printf("%s get: %s", name, r ? "fail" : "ok");
  if (r) printf(" errno %d", errno);
  printf("\n");
  if (r) return;
  int want = fl | FS_NOATIME_FL;
  show("  set noatime", ioctl(fd, set, &want));
  int back = 0;
  ioctl(fd, get, &back);
  printf("  noatime now %d\n", !!(back & FS_NOATIME_FL));
  show("  clear", ioctl(fd, set, &fl));
  ioctl(fd, get, &back);
  printf("  noatime now %d\n", !!(back & FS_NOATIME_FL));
  show("  bad pointer", ioctl(fd, get, (void *)16));
}

int main(void) {
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  flags_calls(fd, FS_IOC_GETFLAGS_L, FS_IOC_SETFLAGS_L, "FS_IOC_GETFLAGS");
#ifndef __x86_64__
  flags_calls(fd, FS_IOC32_GETFLAGS, FS_IOC32_SETFLAGS, "FS_IOC32_GETFLAGS");
#else
  int x;
  show("FS_IOC32_GETFLAGS from 64-bit", ioctl(fd, FS_IOC32_GETFLAGS, &x));
#endif
  unsigned ver;
  show("FS_IOC_GETVERSION", ioctl(fd, FS_IOC_GETVERSION_L, &ver) == 0 ? 0 : -1);
  show("FS_IOC32_GETVERSION", ioctl(fd, FS_IOC32_GETVERSION, &ver) == 0 ? 0 : -1);
  unsigned char fsx[28];
  memset(fsx, 0xa5, sizeof fsx);
  long r = ioctl(fd, FS_IOC_FSGETXATTR_, fsx);
  uint32_t xflags;
  memcpy(&xflags, fsx, 4);
  printf("FS_IOC_FSGETXATTR: %ld, xflags %#x, pad zero %d\n", r, xflags, fsx[27] == 0);
  show("FS_IOC_GETFLAGS on a pipe", ({
         int p[2];
         pipe(p);
         int v;
         ioctl(p[0], FS_IOC_GETFLAGS_L, &v);
       }));
  close(fd);

  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m >= 0 && !grantpt(m) && !unlockpt(m)) {
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    uint32_t t2[11];
    memset(t2, 0, sizeof t2);
    r = ioctl(s, TCGETS2_, t2);
    printf("TCGETS2: %ld, cflag CSIZE %#x, speeds equal %d\n", r, t2[2] & 060, t2[9] == t2[10]);
    t2[3] &= ~010u; /* ECHO off */
    show("TCSETS2", ioctl(s, TCSETS2_, t2));
    memset(t2, 0, sizeof t2);
    ioctl(s, TCGETS2_, t2);
    printf("  echo now %d\n", !!(t2[3] & 010));
    int one = 1, pk = -1;
    show("TIOCPKT on", ioctl(m, TIOCPKT, &one));
    show("TIOCGPKT", ioctl(m, TIOCGPKT_, &pk));
    printf("  packet mode %d\n", pk);
    show("TCGETS2 on a file", ioctl(open("f", O_RDONLY), TCGETS2_, t2));
  }

  int so = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  show("SIOCGIFINDEX lo", ioctl(so, SIOCGIFINDEX, &ifr));
  int idx = ifr.ifr_ifindex;
  printf("  index %d\n", idx);
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_ifindex = idx;
  show("SIOCGIFNAME", ioctl(so, SIOCGIFNAME, &ifr));
  printf("  name %s\n", ifr.ifr_name);
  show("SIOCGIFFLAGS", ioctl(so, SIOCGIFFLAGS, &ifr));
  printf("  loopback %d\n", !!(ifr.ifr_flags & IFF_LOOPBACK));
  show("SIOCGIFMTU", ioctl(so, SIOCGIFMTU, &ifr));
  printf("  mtu %d\n", ifr.ifr_mtu);
  strcpy(ifr.ifr_name, "nosuchif0");
  show("SIOCGIFINDEX nosuchif0", ioctl(so, SIOCGIFINDEX, &ifr));
  show("SIOCGIFINDEX bad pointer", ioctl(so, SIOCGIFINDEX, (void *)16));
  return 0;
}
