/** The domain's test helpers, for specs in other libraries and apps (never for production code). */
export * from './decider-specification';
export * from './article.fixtures';
