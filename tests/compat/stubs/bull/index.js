'use strict';
// Intentionally empty: the compatibility tests never enable RudderStack's Redis queue.
module.exports = {};
