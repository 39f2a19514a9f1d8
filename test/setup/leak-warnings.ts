/**
 * A listener leak Node warns of (MaxListenersExceededWarning) fails the run instead of scrolling by:
 * it is how a sleep that forgets its abort listener, or a subscription never undone, shows itself.
 */
process.on('warning', (warning) => {
  if (warning.name === 'MaxListenersExceededWarning') throw warning;
});
