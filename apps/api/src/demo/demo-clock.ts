/** When a demo event happened: on the day given, at the hour given (10 o'clock by default), UTC. */
export const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
