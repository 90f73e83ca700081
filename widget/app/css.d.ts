// esbuild turns `import './styles.css'` into dist/widget/app.css; TypeScript only needs to know it exists.
declare module '*.css';
