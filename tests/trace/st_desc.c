/* st_desc.c — descriptor calls for the strace golden test: fcntl record locks
 * (F_SETLK/F_GETLK and the F_OFD_ ones), F_SETOWN/F_GETOWN_EX, ioctls with
 * no, input and output arguments, wait4 with a rusage, and sendmmsg/recvmmsg
 * over a datagram socket pair, sendfile's offset, pread64/pwrite64. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <string.h>
#include <unistd.h>
int main(void) {
  int fd = open("lk", O_CREAT | O_RDWR, 0600);
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20};
  fcntl(fd, F_SETLK, &fl);
  fl.l_type = F_RDLCK;
  fcntl(fd, F_GETLK, &fl);
  fl.l_type = F_UNLCK;
  fcntl(fd, F_SETLKW, &fl);
  struct flock fl2 = {.l_type = F_RDLCK, .l_whence = SEEK_CUR, .l_start = 0, .l_len = 0};
  fcntl(fd, F_OFD_SETLK, &fl2);
  fcntl(fd, F_OFD_GETLK, &fl2);
  fcntl(fd, F_SETOWN, 0);
  fcntl(fd, F_GETOWN);
  int one = 1;
  ioctl(fd, FIONBIO, &one);
  ioctl(fd, FIOCLEX);
  ioctl(fd, FIONCLEX);
  int p[2];
  pipe(p);
  write(p[1], "abc", 3);
  int n;
  ioctl(p[0], FIONREAD, &n);
  ioctl(p[0], TIOCGPGRP, &n);
  struct rusage ru;
  int st;
  wait4(-1, &st, WNOHANG, &ru);
  int sv[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
  struct mmsghdr mm[2];
  memset(mm, 0, sizeof mm);
  mm[0].msg_hdr.msg_iov = &iov[0];
  mm[0].msg_hdr.msg_iovlen = 1;
  mm[1].msg_hdr.msg_iov = &iov[1];
  mm[1].msg_hdr.msg_iovlen = 1;
  sendmmsg(sv[0], mm, 2, MSG_DONTWAIT);
  char b1[8], b2[8];
  struct iovec riov[2] = {{b1, 8}, {b2, 8}};
  mm[0].msg_hdr.msg_iov = &riov[0];
  mm[1].msg_hdr.msg_iov = &riov[1];
  recvmmsg(sv[1], mm, 2, MSG_DONTWAIT, NULL);
  /* offsets: sendfile's in/out offset, pread64/pwrite64's (split on i386) */
  write(fd, "0123456789", 10);
  int null = open("/dev/null", O_WRONLY);
  off_t off = 2;
  sendfile(null, fd, &off, 4);
  sendfile(null, fd, NULL, 1);
  char pb[4];
  pread(fd, pb, 4, 5);
  pwrite(fd, "ab", 2, 8);
  unlink("lk");
  return 0;
}
