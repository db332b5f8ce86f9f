import { LoggerService } from '@backstage/backend-plugin-api';
import { LunrQueryTranslator } from '@backstage/plugin-search-backend-node';
import { IndexableResult } from '@backstage/plugin-search-common';
import lunr from 'lunr';

/** Lower-cased words of a text, split wherever a letter or digit ends. */
export function words(text: unknown): string[] {
  if (typeof text !== 'string') {
    return [];
  }
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * How exactly a result's own title or name matches the search term, as
 * typed (no stemming: `payment` is not `payments`):
 * 0 - the term is the whole title or name (`Payment Service`, `payment-service`),
 * 1 - every word of the term is a word of the title or name,
 * 2 - neither.
 *
 * A catalog entity's name counts as its own; a TechDocs page matches on its
 * page title only, not on the name of the entity it belongs to.
 */
export function matchTier(term: string, result: IndexableResult): number {
  const termWords = words(term);
  if (termWords.length === 0) {
    return 2;
  }
  const document = result.document as unknown as Record<string, unknown>;
  const own = [words(document.title)];
  if (result.type === 'software-catalog') {
    own.push(words(document.name));
  }
  const phrase = termWords.join(' ');
  if (own.some(w => w.join(' ') === phrase)) {
    return 0;
  }
  if (own.some(w => termWords.every(t => w.includes(t)))) {
    return 1;
  }
  return 2;
}

/**
 * Orders results by {@link matchTier}. Among exact matches the catalog
 * entity comes before documentation pages (the entity page links to its
 * docs); otherwise the engine's order is kept.
 */
export function rerank<T extends IndexableResult>(
  term: string,
  results: T[],
): T[] {
  return results
    .map((result, index) => {
      const tier = matchTier(term, result);
      const typeRank = tier < 2 && result.type !== 'software-catalog' ? 1 : 0;
      return { result, index, tier, typeRank };
    })
    .sort(
      (a, b) => a.tier - b.tier || a.typeRank - b.typeRank || a.index - b.index,
    )
    .map(r => r.result);
}

/** Fields that name a document, worth more than its text. */
const TITLE_BOOST = 1000;
const NAME_BOOST = 300;

/**
 * Upstream's Lunr query (the term through the stemmer, as a prefix, and
 * within two edits, over every field) plus the same term in `title` and
 * `name` at a far higher boost, so that a document named by the term
 * outranks one that only mentions it in its text.
 */
export function createLunrTranslator(
  logger: LoggerService,
): LunrQueryTranslator {
  return ({ term, filters, types, pageLimit }) => ({
    lunrQueryBuilder: q => {
      const termToken = lunr.tokenizer(term);
      q.term(termToken, { usePipeline: true, boost: 100 });
      q.term(termToken, {
        usePipeline: false,
        boost: 10,
        wildcard: lunr.Query.wildcard.TRAILING,
      });
      q.term(termToken, { usePipeline: false, editDistance: 2, boost: 1 });

      for (const [field, boost] of [
        ['title', TITLE_BOOST],
        ['name', NAME_BOOST],
      ] as const) {
        if (q.allFields.includes(field)) {
          q.term(termToken, { fields: [field], usePipeline: true, boost });
          q.term(termToken, {
            fields: [field],
            usePipeline: false,
            boost: boost / 10,
            wildcard: lunr.Query.wildcard.TRAILING,
          });
        }
      }

      for (const [field, fieldValue] of Object.entries(filters ?? {})) {
        if (!q.allFields.includes(field)) {
          // LunrSearchEngine skips an index that lacks a filtered field.
          throw new Error(`unrecognised field ${field}`);
        }
        const value =
          Array.isArray(fieldValue) && fieldValue.length === 1
            ? fieldValue[0]
            : fieldValue;
        if (['string', 'number', 'boolean'].includes(typeof value)) {
          q.term(
            lunr
              .tokenizer(value?.toString())
              .map(lunr.stopWordFilter)
              .filter(element => element !== undefined),
            { presence: lunr.Query.presence.REQUIRED, fields: [field] },
          );
        } else if (Array.isArray(value)) {
          logger.warn(
            `Non-scalar filter value used for field ${field}. Consider using a different Search Engine for better results.`,
          );
          q.term(lunr.tokenizer(value), {
            presence: lunr.Query.presence.OPTIONAL,
            fields: [field],
          });
        } else {
          logger.warn(`Unknown filter type used on field ${field}`);
        }
      }
    },
    documentTypes: types,
    pageSize: pageLimit || 25,
  });
}
