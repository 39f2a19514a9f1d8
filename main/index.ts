// Electron main-process entry. Everything electron-aware lives in main/app.
import './app/main-process';
