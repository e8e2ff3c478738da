export * from './runner/projection';
export * from './runner/projection-runner';
export * from './runner/checkpoint-store';
export * from './runner/read-model.database';
export * from './articles/article-read-model.projection';
export * from './articles/article-read-model';
export * from './runner/checkpointed-consumer';
export * from './read-models';
