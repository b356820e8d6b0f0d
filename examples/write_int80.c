/* write_int80.c — write(2) and exit(2) by hand with `int $0x80`, the i386
 * gate.  Built twice:
 *   write_int80_32  gcc -m32: the i386 program's own gate;
 *   write_int80_64  x86-64 code using int $0x80, which Linux still serves
 *                   with the i386 table (eax 4 = write, not 1) and the low
 *                   32 bits of ebx, ecx, edx: the buffer must lie below 4 GiB
 *                   (a static string in a non-PIE binary does).
 *
 *   build/emu --strace build/examples/write_int80_32
 *   build/emu --frames build/examples/write_int80_64
 *   build/emu --trace build/examples/write_int80_32
 */
static const char msg[] = "hello from int $0x80\n";

int main(void) {
  long ret;
  /* i386: eax = 4 (__NR_write), ebx = fd, ecx = buf, edx = count. */
  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(4), "b"(1), "c"(msg), "d"(sizeof msg - 1)
                   : "memory");
  /* i386: eax = 1 (__NR_exit), ebx = status: 0 when the write wrote it all. */
  __asm__ volatile("int $0x80" : : "a"(1), "b"(ret == sizeof msg - 1 ? 0 : 1) : "memory");
  return 2; /* not reached */
}
