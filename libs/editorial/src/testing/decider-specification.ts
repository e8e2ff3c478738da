import type { Decider } from '../shared/decider';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * given(events).when(command).then(events) — a rule of the decider as one readable test.
 * Used from jest specs only.
 */
export function deciderSpecification<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            /** The exact events. */
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            /** Events matching these partial shapes, in order and no others. */
            thenMatches(expected: readonly unknown[]): Event[] {
              const events = run();
              expect(events).toMatchObject(expected);
              expect(events).toHaveLength(expected.length);
              return events;
            },
            /** The state after the decided events, for assertions on the fold. */
            thenState(): State {
              return run().reduce(decider.evolve, state);
            },
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            thenThrows<E extends Error>(errorClass: ErrorClass, fields?: Partial<Record<keyof E, unknown>>): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              if (fields) expect(thrown).toMatchObject(fields);
            },
          };
        },
      };
    },
  };
}
