/** A decider: the whole behaviour of one kind of stream, as pure functions. */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds events into state with a decider's evolve. */
export function fold<State, Event>(decider: Pick<Decider<State, unknown, Event>, 'evolve' | 'initialState'>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
