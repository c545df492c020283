/**
 * The LEGEND-like data generator: multi-tier datasets of any size for the app's demo, tests and benchmarks.
 *
 * ```ts
 * const ds = await generateDataset("/tmp/demo", { cycles: 4, channels: 4, events: 50, seed: 1 });
 * // ds.filedbConfigPath, ds.dataloaderConfigPath, ds.metadataDir, ds.channelMapDir, ds.files, ds.bytes
 * ```
 *
 * Layout (names as in legend-testdata's prod-ref-l200):
 * - `generated/tier/{raw,dsp,hit,tcm,evt}/{cal|phy}/pNN/rNNN/l200-pNN-rNNN-{type}-{YYYYMMDDTHHMMSSZ}-tier_{tier}.lh5`;
 *   cycles alternate cal/phy, 50 of each per run, 20 runs per period from p03, one cycle every 10 minutes.
 * - `filedb-config.json` (pygama's keys, `data_dir: $_/generated/tier`), `dataloader-config.json` (levels hit, tcm,
 *   evt; `filedb` and `channel_map` relative to it), `config.json` (the production's dataflow paths),
 *   `metadata/hardware/configuration/channelmaps/{validity.yaml, l200-p%-r%-T%-all-config.yaml}`, `generator.json`.
 *
 * Tables:
 * - `ch{rawid:07d}/raw`: packet_id u32, eventnumber i32, timestamp f64 s, runtime f64 s, numtraces i32, baseline u16,
 *   daqenergy u16, channel u32, ts_pps/ts_ticks/ts_maxticks/to_master_sec i32, deadtime f64, event_type/fcid/crate/
 *   slot/fc_input u8, board_id u16, and `waveform` = table{t0,dt,values}: 1400 u16 samples at 16 ns, plain
 *   (array_of_equalsized_arrays) or encoded (radware_sigcompress with shift −32768, or uleb128_zigzag_diff).
 * - `ch{rawid:07d}/dsp` (f32, measured on the waveform): bl_mean, bl_std, bl_slope, wf_max, wf_min, tp_max, tp_0_est,
 *   tp_10, tp_50, tp_90 (ns), trapEmax, trapTmax, cuspEmax, zacEmax (ADC), A_max (ADC/sample), tp_aoe_max; plus
 *   baseline u16 and timestamp.
 * - `ch{rawid:07d}/hit`: cuspEmax_ctc_cal, trapEmax_ctc_cal, zacEmax_ctc_cal, trapTmax_cal (f64 keV), AoE_Corrected
 *   (≈ 1 for single-site), AoE_Classifier, and bools (u8) is_valid_cal, AoE_Low_Cut, AoE_Double_Sided_Cut,
 *   is_saturated, is_valid_t0, is_valid_baseline, is_discharge; timestamp.
 * - `hardware_tcm_1`: table{table_key, row_in_table} of VoVs (int64 cumulative_length, int32 keys, int64 rows) with
 *   `hash_func` and `tables` attributes: one row per event, hits ordered by table key.
 * - `evt`: row-aligned with the TCM: timestamp, multiplicity i32, energy_sum, energy (VoV f64 keV), rawid (VoV i32),
 *   hit_idx (VoV i64), muon_veto and lar_veto (bool).
 *
 * Physics: Th-228 lines (238.6 … 2614.5 keV, with DEP/SEP and Compton continua) in cal cycles; Ar-39, K-40/42, 2νββ,
 * alphas and noise in phy cycles; multi-detector Compton events; germanium pulses (logistic rise, two clusters for
 * multi-site, exponential tail, white noise). Deterministic per seed: every cycle and channel has its own stream.
 *
 * Two engines make the dsp and hit values, chosen by whether the raw tier is written: with raw, every waveform is
 * rendered and the DSP measures it (dsp.ts); without, the DSP model (dsp-model.ts) renders only the ~130 samples of
 * the rise and draws the rest from the noise's statistics: the same distributions (tests compare their quantiles)
 * at a fraction of the cost. The events, the TCM and the evt table are the same either way.
 *
 * Channels: germanium detectors in LEGEND-200's strings (p03: 101 detectors in strings 1–5, 7–11; further strings
 * of 12 beyond), named like legend-metadata's (V/B/P/C + serial + letter), rawids in FlashCam cards of 6; the channel
 * map also lists the argon veto's 58 SiPMs, pulser, baseline and muon channels, which record no data here.
 */
export { generateDataset, GENERATOR_RECORD_NAME, type GeneratedDataset } from "./generate.ts";
export { GeneratorError, type GenerateOptions } from "./options.ts";
export { cycleKey, tierFilePath, type CycleKey } from "./layout.ts";
export { channelTableName, TCM_TABLE, EVT_TABLE, TIERS, type Tier, type WaveformEncoding } from "./tables.ts";
export { TH228_PEAKS_KEV } from "./spectrum.ts";
