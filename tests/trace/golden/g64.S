/* g64.S — golden trace of a 64-bit program (emu --trace=mem --frames):
 * the syscall gate with known values in every register, an error return,
 * flag changes, a push/pop through memory, int $0x80 from 64-bit code with a
 * truncated argument, and exit_group.  It runs on its own stack in .bss so
 * every address in the trace is fixed (built -static -no-pie).
 * golden-args: --trace=mem,g64.trace
 * oracle-needs: compat
 */
        .globl _start
        .text
_start:
        lea     stack_top(%rip), %rsp
        /* Known values in the registers the syscall gate saves. */
        mov     $0x1515151515151515, %r15
        mov     $0x1414141414141414, %r14
        mov     $0x1313131313131313, %r13
        mov     $0x1212121212121212, %r12
        mov     $0xbbbbbbbbbbbbbbbb, %rbp
        mov     $0xb0b0b0b0b0b0b0b0, %rbx
        mov     $0x10, %r10
        mov     $0x8, %r8
        mov     $0x9, %r9
        /* write(1, msg, 6) */
        mov     $1, %eax
        mov     $1, %edi
        lea     msg(%rip), %rsi
        mov     $6, %edx
        syscall
        /* write(-1, msg, 6): -EBADF */
        mov     $1, %eax
        mov     $-1, %rdi
        syscall
        /* flags */
        mov     $5, %ecx
        sub     $5, %ecx
        cmp     $6, %ecx
        /* memory: push writes the stack, pop reads it back */
        push    %r12
        pop     %rax
        movl    $0x2a, word(%rip)
        /* int $0x80 from 64-bit code: the i386 table, write = 4; rbx's
         * upper half is dropped (ebx = 1). */
        mov     $4, %eax
        mov     $0x100000001, %rbx
        lea     msg(%rip), %rcx
        mov     $6, %edx
        int     $0x80
        /* exit_group(3) */
        mov     $231, %eax
        mov     $3, %edi
        syscall

        .data
msg:    .ascii  "hello\n"
        .p2align 3
word:   .quad   0

        .bss
        .p2align 4
stack:  .skip   4096
stack_top:
