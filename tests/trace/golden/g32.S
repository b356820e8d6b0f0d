/* g32.S — golden trace of an i386 program (emu --trace=mem --syntax=intel --frames): int $0x80
 * with known values in every register SAVE_ALL saves, an error return, the
 * vDSO's __kernel_vsyscall (SYSENTER, the sixth argument fetched from the
 * user stack, the landing pad), and exit through int $0x80.  Built -m32
 * -static -no-pie; run with an empty environment and argv[0] "./g32" so that
 * the initial stack (scanned for AT_SYSINFO) is the same everywhere.
 * golden-m32
 * golden-args: --trace=mem,g32.trace --syntax=intel
 */
        .globl _start
        .text
_start:
        /* Find AT_SYSINFO (32) in the auxiliary vector: skip argc, argv
         * and envp. */
        mov     (%esp), %ecx
        lea     8(%esp,%ecx,4), %eax    /* envp */
1:      cmpl    $0, (%eax)
        lea     4(%eax), %eax
        jne     1b
2:      cmpl    $32, (%eax)             /* auxv: AT_SYSINFO? */
        je      3f
        add     $8, %eax
        jmp     2b
3:      mov     4(%eax), %eax
        mov     %eax, vsyscall
        mov     $stack_top, %esp
        /* write(1, msg, 6) with known values in every saved register */
        mov     $4, %eax
        mov     $1, %ebx
        mov     $msg, %ecx
        mov     $6, %edx
        mov     $0x51515151, %esi
        mov     $0xd1d1d1d1, %edi
        mov     $0xb0b0b0b0, %ebp
        int     $0x80
        /* write(-1, msg, 6): -EBADF */
        mov     $4, %eax
        mov     $-1, %ebx
        int     $0x80
        /* write(1, msg2, 7) through __kernel_vsyscall (SYSENTER) */
        mov     $4, %eax
        mov     $1, %ebx
        mov     $msg2, %ecx
        mov     $7, %edx
        call    *vsyscall
        /* flags */
        add     $0x7fffffff, %edx
        /* exit(5) */
        mov     $1, %eax
        mov     $5, %ebx
        int     $0x80

        .data
msg:    .ascii  "hello\n"
msg2:   .ascii  "vdso!!\n"
        .p2align 2
vsyscall: .long 0

        .bss
        .p2align 4
stack:  .skip   4096
stack_top:
