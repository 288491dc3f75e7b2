import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppStore } from './lib/app.svelte';
import { tauriApi } from './lib/api';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

const app = new AppStore(tauriApi, storage());
mount(App, { target, props: { app } });
