import type { searchId } from "./i18n-search-id.ts";

/** Messages of the analysts' searches (clarifications), in English (merged into i18n-en.ts). */
export const searchEn: Record<keyof typeof searchId, string> = {
  searchClarifications: "Search clarifications",
  searchClarificationsHint: "Keywords or the text of a circulating message; drafts are searched too",
  searchButton: "Search",
  searchResultsFor: "Results for",
  searchNoResults: "No clarification matches.",
  searchClear: "Show all",
  searchScore: "match",
};
