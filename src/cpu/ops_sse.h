/* ops_sse.h — handlers and group tables of the sse family (see tab_sse_*.inc):
 * SSE and SSE2 on XMM registers (exec_sse_*.c) and the 0F AE group. */
#ifndef EMU_OPS_SSE_H
#define EMU_OPS_SSE_H
#include "cpu_internal.h"

/* Table helpers: a leaf of a mandatory-prefix table, and a 0F opcode whose
 * meaning depends on the prefix (none, 66, F3, F2); NULL leaves are #UD. */
#define SSE_LEAF(f) \
  { f, NULL, DEC_SSE }
#define SSE_PFX(none, p66, pf3, pf2, fl)                                                          \
  {                                                                                               \
    NULL,                                                                                         \
        (const struct dec_entry[4]){SSE_LEAF(none), SSE_LEAF(p66), SSE_LEAF(pf3), SSE_LEAF(pf2)}, \
        DEC_PFX | DEC_MODRM | (fl)                                                                \
  }

/* The four arithmetic forms: 0F (ps), 66 0F (pd), F3 0F (ss), F2 0F (sd). */
#define SSE_OP_4(m)       \
  OP(op_##m##ps_Vps_Wps); \
  OP(op_##m##pd_Vpd_Wpd); \
  OP(op_##m##ss_Vss_Wss); \
  OP(op_##m##sd_Vsd_Wsd)
#define SSE_PFX_4(m) \
  SSE_PFX(op_##m##ps_Vps_Wps, op_##m##pd_Vpd_Wpd, op_##m##ss_Vss_Wss, op_##m##sd_Vsd_Wsd, 0)
/* An SSE2 integer instruction: 66 prefix only (the plain 0F form is MMX). */
#define SSE_INT(m)      \
  OP(op_##m##_Vdq_Wdq); \
  OP(op_##m##_Pq_Qq)
#define SSE_PFX_INT(m) SSE_PFX(op_##m##_Pq_Qq, op_##m##_Vdq_Wdq, NULL, NULL, 0)
/* punpcklqdq, punpckhqdq: no MMX form */
#define SSE_PFX_INT2(m) SSE_PFX(NULL, op_##m##_Vdq_Wdq, NULL, NULL, 0)

/* exec_sse_fp.c */
SSE_OP_4(add);
SSE_OP_4(sub);
SSE_OP_4(mul);
SSE_OP_4(div);
SSE_OP_4(min);
SSE_OP_4(max);
SSE_OP_4(sqrt);
OP(op_rsqrtps_Vps_Wps);
OP(op_rsqrtss_Vss_Wss);
OP(op_rcpps_Vps_Wps);
OP(op_rcpss_Vss_Wss);
OP(op_cvtps2pd_Vpd_Wps);
OP(op_cvtpd2ps_Vps_Wpd);
OP(op_cvtss2sd_Vsd_Wss);
OP(op_cvtsd2ss_Vss_Wsd);
OP(op_cvtdq2ps_Vps_Wdq);
OP(op_cvtps2dq_Vdq_Wps);
OP(op_cvttps2dq_Vdq_Wps);
OP(op_cvttpd2dq_Vdq_Wpd);
OP(op_cvtdq2pd_Vpd_Wdq);
OP(op_cvtpd2dq_Vdq_Wpd);
OP(op_cmpps_Vps_Wps_Ib);
OP(op_cmppd_Vpd_Wpd_Ib);
OP(op_cmpss_Vss_Wss_Ib);
OP(op_cmpsd_Vsd_Wsd_Ib);
OP(op_comiss_Vss_Wss);
OP(op_ucomiss_Vss_Wss);
OP(op_comisd_Vsd_Wsd);
OP(op_ucomisd_Vsd_Wsd);
OP(op_cvtsi2ss_Vss_Ey);
OP(op_cvtsi2sd_Vsd_Ey);
OP(op_cvtss2si_Gy_Wss);
OP(op_cvttss2si_Gy_Wss);
OP(op_cvtsd2si_Gy_Wsd);
OP(op_cvttsd2si_Gy_Wsd);

/* exec_sse3.c */
OP(op_addsubps_Vps_Wps);
OP(op_addsubpd_Vpd_Wpd);
OP(op_haddps_Vps_Wps);
OP(op_haddpd_Vpd_Wpd);
OP(op_hsubps_Vps_Wps);
OP(op_hsubpd_Vpd_Wpd);
OP(op_movsldup_Vps_Wps);
OP(op_movshdup_Vps_Wps);
OP(op_movddup_Vpd_Wsd);
OP(op_lddqu_Vdq_Mdq);

/* exec_sse_mov.c */
OP(op_movups_Vps_Wps);
OP(op_movups_Wps_Vps);
OP(op_movaps_Vps_Wps);
OP(op_movaps_Wps_Vps);
OP(op_movdqu_Vdq_Wdq);
OP(op_movdqu_Wdq_Vdq);
OP(op_movdqa_Vdq_Wdq);
OP(op_movdqa_Wdq_Vdq);
OP(op_movntps_Mps_Vps);
OP(op_movnti_My_Gy);
OP(op_movss_Vss_Wss);
OP(op_movsd_Vsd_Wsd);
OP(op_movss_Wss_Vss);
OP(op_movsd_Wsd_Vsd);
OP(op_movlps_Vq_Mq);
OP(op_movlpd_Vq_Mq);
OP(op_movhps_Vq_Mq);
OP(op_movhpd_Vq_Mq);
OP(op_movlps_Mq_Vq);
OP(op_movhps_Mq_Vq);
OP(op_movd_Vy_Ey);
OP(op_movd_Ey_Vy);
OP(op_movq_Vq_Wq);
OP(op_movq_Wq_Vq);
OP(op_andps_Vps_Wps);
OP(op_andnps_Vps_Wps);
OP(op_orps_Vps_Wps);
OP(op_xorps_Vps_Wps);
OP(op_unpcklps_Vps_Wps);
OP(op_unpckhps_Vps_Wps);
OP(op_unpcklpd_Vpd_Wpd);
OP(op_unpckhpd_Vpd_Wpd);
OP(op_movmskps_Gd_Ups);
OP(op_movmskpd_Gd_Upd);
OP(op_pmovmskb_Gd_Udq);
OP(op_shufps_Vps_Wps_Ib);
OP(op_shufpd_Vpd_Wpd_Ib);
OP(op_pshufd_Vdq_Wdq_Ib);
OP(op_pshufhw_Vdq_Wdq_Ib);
OP(op_pshuflw_Vdq_Wdq_Ib);
OP(op_pinsrw_Vdq_Ew_Ib);
OP(op_pextrw_Gd_Udq_Ib);
OP(op_maskmovdqu_Vdq_Udq);

/* exec_sse_int.c */
SSE_INT(punpcklbw);
SSE_INT(punpcklwd);
SSE_INT(punpckldq);
SSE_INT(punpcklqdq);
SSE_INT(punpckhbw);
SSE_INT(punpckhwd);
SSE_INT(punpckhdq);
SSE_INT(punpckhqdq);
SSE_INT(packsswb);
SSE_INT(packuswb);
SSE_INT(packssdw);
SSE_INT(pcmpgtb);
SSE_INT(pcmpgtw);
SSE_INT(pcmpgtd);
SSE_INT(pcmpeqb);
SSE_INT(pcmpeqw);
SSE_INT(pcmpeqd);
SSE_INT(paddb);
SSE_INT(paddw);
SSE_INT(paddd);
SSE_INT(paddq);
SSE_INT(psubb);
SSE_INT(psubw);
SSE_INT(psubd);
SSE_INT(psubq);
SSE_INT(paddsb);
SSE_INT(paddsw);
SSE_INT(paddusb);
SSE_INT(paddusw);
SSE_INT(psubsb);
SSE_INT(psubsw);
SSE_INT(psubusb);
SSE_INT(psubusw);
SSE_INT(pmullw);
SSE_INT(pmulhw);
SSE_INT(pmulhuw);
SSE_INT(pmuludq);
SSE_INT(pmaddwd);
SSE_INT(pavgb);
SSE_INT(pavgw);
SSE_INT(pminub);
SSE_INT(pmaxub);
SSE_INT(pminsw);
SSE_INT(pmaxsw);
SSE_INT(psadbw);
SSE_INT(pand);
SSE_INT(pandn);
SSE_INT(por);
SSE_INT(pxor);
SSE_INT(psrlw);
SSE_INT(psrld);
SSE_INT(psrlq);
SSE_INT(psraw);
SSE_INT(psrad);
SSE_INT(psllw);
SSE_INT(pslld);
SSE_INT(psllq);
OP(op_psrlw_Udq_Ib);
OP(op_psraw_Udq_Ib);
OP(op_psllw_Udq_Ib);
OP(op_psrld_Udq_Ib);
OP(op_psrad_Udq_Ib);
OP(op_pslld_Udq_Ib);
OP(op_psrlq_Udq_Ib);
OP(op_psllq_Udq_Ib);
OP(op_psrldq_Udq_Ib);
OP(op_pslldq_Udq_Ib);

/* exec_ssse3.c: MMX (Pq, Qq) and XMM (Vdq, Wdq) forms */
SSE_INT(pshufb);
SSE_INT(phaddw);
SSE_INT(phaddd);
SSE_INT(phaddsw);
SSE_INT(pmaddubsw);
SSE_INT(phsubw);
SSE_INT(phsubd);
SSE_INT(phsubsw);
SSE_INT(psignb);
SSE_INT(psignw);
SSE_INT(psignd);
SSE_INT(pmulhrsw);
SSE_INT(pabsb);
SSE_INT(pabsw);
SSE_INT(pabsd);
OP(op_palignr_Pq_Qq_Ib);
OP(op_palignr_Vdq_Wdq_Ib);

/* exec_sse_mmx.c and the MMX conversions of exec_sse_fp.c */
OP(op_psrlw_Nq_Ib);
OP(op_psraw_Nq_Ib);
OP(op_psllw_Nq_Ib);
OP(op_psrld_Nq_Ib);
OP(op_psrad_Nq_Ib);
OP(op_pslld_Nq_Ib);
OP(op_psrlq_Nq_Ib);
OP(op_psllq_Nq_Ib);
OP(op_movd_Pq_Ey);
OP(op_movd_Ey_Pq);
OP(op_movq_Pq_Qq);
OP(op_movq_Qq_Pq);
OP(op_movntq_Mq_Pq);
OP(op_movq2dq_Vdq_Nq);
OP(op_movdq2q_Pq_Uq);
OP(op_emms);
OP(op_pshufw_Pq_Qq_Ib);
OP(op_pinsrw_Pq_Ew_Ib);
OP(op_pextrw_Gd_Nq_Ib);
OP(op_pmovmskb_Gd_Nq);
OP(op_maskmovq_Pq_Nq);
OP(op_cvtpi2ps_Vps_Qpi);
OP(op_cvtpi2pd_Vpd_Qpi);
OP(op_cvtps2pi_Ppi_Wps);
OP(op_cvttps2pi_Ppi_Wps);
OP(op_cvtpd2pi_Ppi_Wpd);
OP(op_cvttpd2pi_Ppi_Wpd);

/* exec_sse41.c, exec_sse41_fp.c: SSE4.1 */
OP(op_pblendvb_Vdq_Wdq);
OP(op_blendvps_Vps_Wps);
OP(op_blendvpd_Vpd_Wpd);
OP(op_ptest_Vdq_Wdq);
OP(op_pmovsxbw_Vdq_Wq);
OP(op_pmovsxbd_Vdq_Wd);
OP(op_pmovsxbq_Vdq_Ww);
OP(op_pmovsxwd_Vdq_Wq);
OP(op_pmovsxwq_Vdq_Wd);
OP(op_pmovsxdq_Vdq_Wq);
OP(op_pmovzxbw_Vdq_Wq);
OP(op_pmovzxbd_Vdq_Wd);
OP(op_pmovzxbq_Vdq_Ww);
OP(op_pmovzxwd_Vdq_Wq);
OP(op_pmovzxwq_Vdq_Wd);
OP(op_pmovzxdq_Vdq_Wq);
OP(op_pmuldq_Vdq_Wdq);
OP(op_pcmpeqq_Vdq_Wdq);
OP(op_movntdqa_Vdq_Mdq);
OP(op_packusdw_Vdq_Wdq);
OP(op_pminsb_Vdq_Wdq);
OP(op_pminsd_Vdq_Wdq);
OP(op_pminuw_Vdq_Wdq);
OP(op_pminud_Vdq_Wdq);
OP(op_pmaxsb_Vdq_Wdq);
OP(op_pmaxsd_Vdq_Wdq);
OP(op_pmaxuw_Vdq_Wdq);
OP(op_pmaxud_Vdq_Wdq);
OP(op_pmulld_Vdq_Wdq);
OP(op_phminposuw_Vdq_Wdq);
OP(op_roundps_Vps_Wps_Ib);
OP(op_roundpd_Vpd_Wpd_Ib);
OP(op_roundss_Vss_Wss_Ib);
OP(op_roundsd_Vsd_Wsd_Ib);
OP(op_blendps_Vps_Wps_Ib);
OP(op_blendpd_Vpd_Wpd_Ib);
OP(op_pblendw_Vdq_Wdq_Ib);
OP(op_pextrb_Eb_Vdq_Ib);
OP(op_pextrw_Ew_Vdq_Ib);
OP(op_pextrd_Ey_Vdq_Ib);
OP(op_extractps_Ed_Vps_Ib);
OP(op_pinsrb_Vdq_Eb_Ib);
OP(op_insertps_Vps_Wss_Ib);
OP(op_pinsrd_Vdq_Ey_Ib);
OP(op_dpps_Vps_Wps_Ib);
OP(op_dppd_Vpd_Wpd_Ib);
OP(op_mpsadbw_Vdq_Wdq_Ib);

/* exec_sse_core.c: 0F AE group 15 */
OP(op_ldmxcsr_Md);
OP(op_stmxcsr_Md);
OP(op_lfence);
OP(op_mfence);
OP(op_sfence);
OP(op_clflush_Mb);
OP(op_sse_grp15_0);
OP(op_sse_grp15_1);
OP(op_sse_grp15_2);
OP(op_sse_grp15_3);
OP(op_sse_grp15_4);
OP(op_sse_grp15_5);
OP(op_sse_grp15_6);
OP(op_sse_grp15_7);
/* written by the x87 family; reached through group 15 */
OP(op_fxsave);
OP(op_fxrstor);
OP(op_xsave);
OP(op_xrstor);

/* exec_sse42.c */
OP(op_pcmpgtq_Vdq_Wdq);
/* AES-NI, PCLMULQDQ, SHA (exec_crypto.c) */
OP(op_aesenc_Vdq_Wdq);
OP(op_aesenclast_Vdq_Wdq);
OP(op_aesdec_Vdq_Wdq);
OP(op_aesdeclast_Vdq_Wdq);
OP(op_aesimc_Vdq_Wdq);
OP(op_aeskeygenassist_Vdq_Wdq_Ib);
OP(op_pclmulqdq_Vdq_Wdq_Ib);
OP(op_sha1rnds4_Vdq_Wdq_Ib);
OP(op_sha1nexte_Vdq_Wdq);
OP(op_sha1msg1_Vdq_Wdq);
OP(op_sha1msg2_Vdq_Wdq);
OP(op_sha256rnds2_Vdq_Wdq);
OP(op_sha256msg1_Vdq_Wdq);
OP(op_sha256msg2_Vdq_Wdq);
OP(op_pcmpestrm_Vdq_Wdq_Ib);
OP(op_pcmpestri_Vdq_Wdq_Ib);
OP(op_pcmpistrm_Vdq_Wdq_Ib);
OP(op_pcmpistri_Vdq_Wdq_Ib);

/* grp_sse.c */
extern const struct dec_entry grp_sse_71[8], grp_sse_72[8], grp_sse_73[8], grp_sse_ae[8];

#endif
