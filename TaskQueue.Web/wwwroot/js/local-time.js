// The browser knows the user's time zone and its daylight-saving rules; the server does not.
// A datetime-local value ("2026-12-01T21:30") is read in the browser's zone and returned as UTC.
window.taskQueueTime = {
    localToUtc(value) {
        const time = new Date(value);
        return Number.isNaN(time.getTime()) ? null : time.toISOString();
    },
};
