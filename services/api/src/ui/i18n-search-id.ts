/** Messages of the analysts' searches (clarifications), in Indonesian (merged into i18n-id.ts). */
export const searchId = {
  searchClarifications: "Cari klarifikasi",
  searchClarificationsHint: "Kata kunci atau isi pesan yang beredar; draf juga dicari",
  searchButton: "Cari",
  searchResultsFor: "Hasil pencarian untuk",
  searchNoResults: "Tidak ada klarifikasi yang cocok.",
  searchClear: "Tampilkan semua",
  searchScore: "kecocokan",
};
