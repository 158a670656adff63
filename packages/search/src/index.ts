export {
  type ClarificationFound,
  ClarificationSearch,
  clarificationTerms,
  MAX_QUERY_CHARS,
  type SearchQuery,
} from "./clarification-search.ts";
export { combinedScore, coverage, docTerms, idf, type TermStats, type WeighedQuery, weighQuery } from "./rank.ts";
export { queryTerms, searchTerms, stemTerm, substringGroups, warmTerms } from "./terms.ts";
export { editDistance, Vocabulary } from "./vocabulary.ts";
